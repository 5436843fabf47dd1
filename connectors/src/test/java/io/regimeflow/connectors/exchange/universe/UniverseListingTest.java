package io.regimeflow.connectors.exchange.universe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.regimeflow.connectors.exchange.http.ExchangeHttp;
import io.regimeflow.connectors.exchange.http.ExchangeResponseException;
import io.regimeflow.model.Candle;
import io.regimeflow.testkit.BinanceKlineCsv;
import io.regimeflow.testkit.FakeBinance;
import io.regimeflow.testkit.RecordedErrors;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reading a universe from the spot exchange's answers, with the real error bodies of
 * shared/data/errors (HTML pages of a proxy or CDN, JSON errors where a list was expected, a cut
 * body): each is a MALFORMED error whose message names the host and the answer, never a universe
 * read as empty (which would retire every symbol).
 */
class UniverseListingTest {

    private static final String HOST = "api.binance.us";
    private static final SymbolUniverse USDT = new SymbolUniverse("USDT", null, null);
    private static final SymbolUniverse FLOOR = new SymbolUniverse("USDT", 1_000_000.0, null);
    private static final String INFO = "{\"timezone\":\"UTC\",\"symbols\":["
            + pair("BTCUSDT", "BTC", "USDT", "TRADING") + ","
            + pair("ETHUSDT", "ETH", "USDT", "TRADING") + ","
            + pair("LUNAUSDT", "LUNA", "USDT", "BREAK") + ","
            + pair("ETHBTC", "ETH", "BTC", "TRADING") + "]}";

    private static String pair(String symbol, String base, String quote, String status) {
        return "{\"symbol\":\"" + symbol + "\",\"status\":\"" + status + "\",\"baseAsset\":\""
                + base + "\",\"quoteAsset\":\"" + quote + "\"}";
    }

    @Test
    void theMembersAreTheTradingPairsOfTheQuoteOverTheFloorAndTheOthersSayWhy() throws Exception {
        assertThat(UniverseListing.of(INFO, null, USDT, HOST).members())
                .containsExactly("BTC/USDT", "ETH/USDT");
        UniverseListing floored = UniverseListing.of(INFO, "[{\"symbol\":\"BTCUSDT\","
                + "\"quoteVolume\":\"80123456.10\"},{\"symbol\":\"ETHUSDT\",\"quoteVolume\":"
                + "\"12.5\"}]", FLOOR, HOST);
        assertThat(floored.members()).containsExactly("BTC/USDT");
        assertThat(floored.left()).containsEntry("LUNA/USDT", "status BREAK")
                .containsEntry("ETH/USDT", "24h quote volume 12.5 USDT under the floor of 1000000")
                .doesNotContainKey("ETH/BTC");
        assertThat(floored.whyNot("DOGE/USDT")).isEqualTo("no longer listed");
    }

    @Test
    void htmlErrorPagesAreMalformedAnswersNamingTheHost() {
        for (String id : List.of("binance-502-nginx-html",
                "binanceus-403-cloudfront-country-block",
                "binance-403-cloudfront-request-blocked-2018")) {
            String page = RecordedErrors.get(id).body();
            assertThat(page).as(id).containsIgnoringCase("<html");
            assertMalformed(() -> UniverseListing.of(page, null, USDT, HOST),
                    "exchange information from " + HOST + ": not JSON");
            assertMalformed(() -> UniverseListing.of(INFO, page, FLOOR, HOST),
                    "24h tickers from " + HOST + ": not JSON");
        }
    }

    @Test
    void jsonErrorsWhereAListWasExpectedAndCutBodiesAreMalformed() {
        // Binance's 451 (pretty-printed, code 0) and 429 (-1003) bodies are JSON, but no list.
        String restricted = RecordedErrors.get("binance-451-restricted-location").body();
        String rateLimited = RecordedErrors.get("binance-429-1003-2019").body();
        assertMalformed(() -> UniverseListing.of(restricted, null, USDT, HOST),
                "exchange information from " + HOST + ": no 'symbols' array");
        assertMalformed(() -> UniverseListing.of(INFO, rateLimited, FLOOR, HOST),
                "24h tickers from " + HOST + ": not an array of tickers");
        assertMalformed(() -> UniverseListing.of(INFO.substring(0, INFO.length() / 2), null,
                USDT, HOST), "exchange information from " + HOST + ": not JSON");
        assertMalformed(() -> UniverseListing.of(INFO, "[{\"symbol\":\"BTCUSDT\","
                + "\"quoteVolume\":\"lots\"}]", FLOOR, HOST), "24h tickers from " + HOST);
    }

    @Test
    void anErrorPageOverHttpNamesTheHostAndItsStatus() throws Exception {
        try (FakeBinance binance = new FakeBinance()) {
            List<Candle> algo = BinanceKlineCsv.read("ALGOUSDT-1m-2024-02.csv.gz",
                    "ALGO/USDT").subList(0, 2);
            binance.candles("ALGO/USDT", algo).inject("/api/v3/exchangeInfo",
                    new FakeBinance.Recorded("binance-502-nginx-html"));
            ExchangeHttp http = new ExchangeHttp(binance.baseUrl(), Duration.ofSeconds(5));
            String host = binance.baseUrl().getHost();
            assertThatThrownBy(() -> UniverseListing.read(http, USDT, host))
                    .isInstanceOf(ExchangeResponseException.class)
                    .hasMessageContaining(host).hasMessageContaining("502");
            // The next answer is the exchange's again.
            assertThat(UniverseListing.read(http, USDT, host).members())
                    .containsExactly("ALGO/USDT");
        }
    }

    private static void assertMalformed(ThrowingCallable call, String message) {
        assertThatThrownBy(call::call).isInstanceOfSatisfying(ExchangeResponseException.class,
                e -> assertThat(e.kind()).isEqualTo(ExchangeResponseException.Kind.MALFORMED))
                .hasMessageContaining(message);
    }

    private interface ThrowingCallable {
        void call() throws Exception;
    }
}
