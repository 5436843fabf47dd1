package io.regimeflow.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The universe form of {@code symbols}: its binding, and the errors naming its keys. */
class UniverseConfigTest {

    @TempDir
    Path dir;

    private RegimeflowConfig load(String yaml, String... args) throws IOException {
        Files.writeString(dir.resolve("regimeflow.yaml"), yaml);
        return ConfigLoader.load(CommandLine.parse(args), Map.of(), dir);
    }

    @Test
    void aUniverseBindsWithItsDefaults() throws IOException {
        RegimeflowConfig c = load("source: {type: binance}\nsymbols:\n  universe:\n"
                + "    quote: USDT\n    min-quote-volume: 1000000\n");
        assertThat(c.universe()).isEqualTo(new RegimeflowConfig.Universe("USDT", 1_000_000.0,
                null));
        assertThat(c.symbols()).isEmpty();
        assertThat(c.withSymbols(List.of("BTC/USDT")).symbols())
                .containsExactly("BTC/USDT");

        RegimeflowConfig r = load("source: {type: binance}\n"
                + "symbols: {universe: {quote: USD, refresh: 15m}}\n");
        assertThat(r.universe().refresh()).isEqualTo(Duration.ofMinutes(15));
        assertThat(r.universe().minQuoteVolume()).isNull();
    }

    @Test
    void aListKeepsWorkingAndAFlagListReplacesAUniverse() throws IOException {
        RegimeflowConfig list = load("symbols: [BTC/USDT, ETH/USDT]\n");
        assertThat(list.universe()).isNull();
        assertThat(list.symbols()).containsExactly("BTC/USDT", "ETH/USDT");

        RegimeflowConfig flag = load("source: {type: binance}\n"
                + "symbols: {universe: {quote: USDT}}\n", "--symbols", "SOL/USDT");
        assertThat(flag.universe()).isNull();
        assertThat(flag.symbols()).containsExactly("SOL/USDT");
    }

    @Test
    void errorsNameTheKey() {
        assertThatThrownBy(() -> load("source: {type: binance}\n"
                + "symbols: {universe: {quote: USDT, refesh: 1h}}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key 'symbols.universe.refesh'")
                .hasMessageContaining("did you mean 'symbols.universe.refresh'?");
        assertThatThrownBy(() -> load("source: {type: binance}\nsymbols: {univers: {}}\n"))
                .hasMessageContaining("unknown key 'symbols.univers'");
        assertThatThrownBy(() -> load("source: {type: binance}\n"
                + "symbols: {universe: {quote: usdt}}\n"))
                .hasMessageContaining("symbols.universe.quote")
                .hasMessageContaining("upper case");
        assertThatThrownBy(() -> load("source: {type: binance}\n"
                + "symbols: {universe: {quote: USDT, min-quote-volume: -5}}\n"))
                .hasMessageContaining("symbols.universe.min-quote-volume");
        assertThatThrownBy(() -> load("source: {type: binance}\n"
                + "symbols: {universe: {quote: USDT, min-quote-volume: lots}}\n"))
                .hasMessageContaining("symbols.universe.min-quote-volume");
        assertThatThrownBy(() -> load("source: {type: binance}\n"
                + "symbols: {universe: {quote: USDT, refresh: 10s}}\n"))
                .hasMessageContaining("symbols.universe.refresh")
                .hasMessageContaining("at least 1m");
        assertThatThrownBy(() -> load("symbols: {universe: {quote: USDT}}\n"))
                .hasMessageStartingWith("symbols = ")
                .hasMessageContaining("needs source.type binance");
    }
}
