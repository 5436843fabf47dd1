package io.regimeflow.connectors.exchange.derivatives;

import io.regimeflow.connectors.exchange.http.HttpDialect;
import io.regimeflow.model.Liquidation;
import io.regimeflow.model.PositionSide;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/** Bybit's conventions read alone: its rate-limit wait, its side of a liquidation. */
class BybitApiTest {

    /**
     * The reset timestamp is Bybit's clock: counted from the {@code time} of the same answer
     * when that is near it (this machine's clock may run ahead or behind), else from this
     * machine's; a reset a day off is not one of its windows.
     */
    @Test
    void bybitsResetIsCountedOnItsOwnClock() {
        HttpHeaders reset = HttpHeaders.of(Map.of("X-Bapi-Limit-Reset-Timestamp",
                List.of("1693924870639")), (k, v) -> true);
        // The recorded body's shape, its time 1.5 s before the reset; this machine 5 s behind.
        assertThat(BybitApi.resetWait(reset, HttpDialect.json("{\"retCode\":10006,\"retMsg\":"
                + "\"Too many visits\",\"result\":{},\"retExtInfo\":{},\"time\":1693924869139}"),
                1693924864139L)).isEqualTo(Duration.ofMillis(1500));
        // A body without a time (or far from the reset): this machine's clock.
        assertThat(BybitApi.resetWait(reset, HttpDialect.json("{\"retCode\":10006}"),
                1693924870139L)).isEqualTo(Duration.ofMillis(500));
        assertThat(BybitApi.resetWait(reset, HttpDialect.json("{\"retCode\":10006}"),
                1693924870639L - 86_400_000L)).isEqualTo(BybitApi.LONGEST_RESET_WAIT);
        assertThat(BybitApi.resetWait(HttpHeaders.of(Map.of(), (k, v) -> true),
                HttpDialect.json("{\"retCode\":10006}"), 0)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aBybitAndABinanceLiquidationOfALongAreBothLongLiquidations() throws Exception {
        // Bybit's S is the liquidated position (Buy: a long); Binance's S the forced order (SELL).
        List<Liquidation> bybit = DerivativesVenue.BYBIT.api().liquidations("{\"topic\":"
                + "\"allLiquidation.BTCUSDT\",\"type\":\"snapshot\",\"ts\":1739502303204,"
                + "\"data\":[{\"T\":1739502302929,\"s\":\"BTCUSDT\",\"S\":\"Buy\",\"v\":\"0.5\","
                + "\"p\":\"96000.5\"}]}", Map.of("BTCUSDT",
                SpotPerpetual.plain("BTC/USDT", "BTCUSDT")));
        List<Liquidation> binance = DerivativesVenue.BINANCE_USDM.api().liquidations(
                "{\"stream\":\"btcusdt@forceOrder\",\"data\":{\"e\":\"forceOrder\",\"E\":"
                        + "1739502302935,\"o\":{\"s\":\"BTCUSDT\",\"S\":\"SELL\",\"o\":\"LIMIT\","
                        + "\"f\":\"IOC\",\"q\":\"0.5\",\"p\":\"96000.5\",\"ap\":\"96010.0\","
                        + "\"X\":\"FILLED\",\"l\":\"0.5\",\"z\":\"0.5\",\"T\":1739502302929}}}",
                Map.of("BTCUSDT", SpotPerpetual.plain("BTC/USDT", "BTCUSDT")));
        assertThat(bybit).singleElement().extracting(Liquidation::liquidatedPosition)
                .isEqualTo(PositionSide.LONG);
        assertThat(binance).singleElement().extracting(Liquidation::liquidatedPosition)
                .isEqualTo(PositionSide.LONG);
    }
}
