package io.regimeflow.connectors.exchange.http;

import io.regimeflow.connectors.exchange.spot.BinanceKlines;
import io.regimeflow.model.Candle;
import io.regimeflow.testkit.Await;
import io.regimeflow.testkit.BinanceKlineCsv;
import io.regimeflow.testkit.FakeBinance.Answer;
import io.regimeflow.testkit.FakeBinance;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


/** The REST client and the kline parser against a loopback fake speaking Binance's format. */
class ExchangeHttpTest {

    static final String KLINES = "/api/v3/klines";
    final FakeBinance fake;
    final ExchangeHttp http;

    ExchangeHttpTest() throws Exception {
        fake = new FakeBinance();
        // The requests here are meant to be answered: a short request timeout would turn a
        // slow answer on a loaded machine into UNAVAILABLE. The hang test has its own client.
        http = new ExchangeHttp(fake.baseUrl(), Await.PATIENT);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    static final Map<String, String> PARAMS = Map.of("symbol", "ALGOUSDT", "interval", "1m");

    @Test
    void realKlinesRoundTripExactlyAndTheOpenMinuteIsLeftOut() throws Exception {
        List<Candle> month = BinanceKlineCsv.read("ALGOUSDT-1m-2024-02.csv.gz", "ALGO/USDT");
        List<Candle> page = month.subList(0, 1000);
        fake.script(KLINES, Answer.ok(FakeBinance.klinesJson(page), 12));
        ExchangeHttp.Response r = http.get(KLINES, PARAMS);
        assertThat(r.usedWeight1m()).hasValue(12);
        // "Now" is inside the last minute: that candle is still trading.
        long now = page.get(999).openTime() + 30_000;
        List<Candle> closed = BinanceKlines.closedCandles(r.body(), "ALGO/USDT", now);
        assertThat(closed).isEqualTo(page.subList(0, 999));
        assertThat(closed.get(0).close().toPlainString()).isEqualTo("0.1598");
    }

    @Test
    void theRecordedBinanceUsRowParses() throws Exception {
        String body = Files.readString(BinanceKlineCsv.sharedData()
                .resolve("binanceus-recorded/klines-BTCUSDT-1h.json"));
        // The recording is a 1h kline: the parser refuses it as a 1m kline, naming why.
        assertThatThrownBy(() -> BinanceKlines.closedCandles(body, "BTC/USDT", Long.MAX_VALUE))
                .isInstanceOf(ExchangeResponseException.class)
                .hasMessageContaining("row 0 is not a 1m kline");
    }

    @Test
    void rateLimitBanServerErrorAndInvalidSymbolAreToldApart() throws Exception {
        fake.script(KLINES,
                Answer.error(429, -1003, "Too many requests.", Map.of("Retry-After", "7")),
                Answer.error(418, -1003, "Way too many requests; IP banned.",
                        Map.of("Retry-After", "120")),
                new Answer(502, Map.of(), "<html>Bad Gateway</html>", 0),
                Answer.error(400, -1121, "Invalid symbol.", Map.of()));
        ExchangeResponseException limited = call();
        assertThat(limited.kind()).isEqualTo(ExchangeResponseException.Kind.RATE_LIMITED);
        assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        ExchangeResponseException banned = call();
        assertThat(banned.kind()).isEqualTo(ExchangeResponseException.Kind.BANNED);
        assertThat(banned.retryAfter()).isEqualTo(Duration.ofMinutes(2));
        ExchangeResponseException down = call();
        assertThat(down.kind()).isEqualTo(ExchangeResponseException.Kind.UNAVAILABLE);
        assertThat(down.retryable()).isTrue();
        ExchangeResponseException invalid = call();
        assertThat(invalid.kind()).isEqualTo(ExchangeResponseException.Kind.REJECTED);
        assertThat(invalid.code()).isEqualTo(-1121);
        assertThat(invalid.retryable()).isFalse();
        assertThat(invalid.getMessage()).isEqualTo("GET /api/v3/klines to 127.0.0.1: HTTP 400 "
                + "code -1121 (Invalid symbol.)");
    }

    @Test
    void aHangingAnswerTimesOutAsUnavailable() {
        // An answer far later than the timeout: however slow the machine, the timeout is first.
        fake.script(KLINES, new Answer(200, Map.of(), "[]", 60_000));
        ExchangeHttp impatient = new ExchangeHttp(fake.baseUrl(), Duration.ofMillis(800));
        assertThat(call(impatient).kind()).isEqualTo(ExchangeResponseException.Kind.UNAVAILABLE);
    }

    @Test
    void truncatedOrGarbledBodiesAreMalformedAndYieldNoCandle() throws Exception {
        List<Candle> page = BinanceKlineCsv.read("AVAXUSDT-1m-2024-02.csv.gz", "AVAX/USDT")
                .subList(0, 3);
        String json = FakeBinance.klinesJson(page);
        for (String bad : List.of(json.substring(0, json.length() / 2),
                json.replace("\"" + page.get(1).close().toPlainString() + "\"", "\"NaN\""),
                json.replace("\"" + page.get(2).low().toPlainString() + "\"", "\"0\""),
                "{\"code\":0}")) {
            assertThatThrownBy(() -> BinanceKlines.closedCandles(bad, "AVAX/USDT",
                    Long.MAX_VALUE)).isInstanceOf(ExchangeResponseException.class)
                    .satisfies(e -> assertThat(((ExchangeResponseException) e).kind())
                            .isEqualTo(ExchangeResponseException.Kind.MALFORMED))
                    .message().doesNotContain("\n");
        }
        // Rows out of order are put in order, an identical duplicate is dropped; two different
        // rows for one minute are refused, since either could be the wrong one.
        String shuffled = FakeBinance.klinesJson(List.of(page.get(2), page.get(0), page.get(1),
                page.get(0)));
        BinanceKlines.Page p = BinanceKlines.page(shuffled, "AVAX/USDT", Long.MAX_VALUE);
        assertThat(p.closed()).isEqualTo(page);
        assertThat(p.duplicates()).isEqualTo(1);
        assertThat(p.reordered()).isTrue();
        assertThat(p.rows()).isEqualTo(4);
        Candle other = new Candle("AVAX/USDT", page.get(0).openTime(), page.get(0).open(),
                page.get(0).high(), page.get(0).low(), page.get(0).high(), page.get(0).volume(),
                page.get(0).quoteVolume(), page.get(0).trades(), page.get(0).takerBuyBase(),
                page.get(0).takerBuyQuote());
        String conflicting = FakeBinance.klinesJson(List.of(page.get(0), other));
        assertThatThrownBy(() -> BinanceKlines.closedCandles(conflicting, "AVAX/USDT",
                Long.MAX_VALUE)).hasMessageContaining("two different rows for the minute at "
                        + page.get(0).openTime());
    }

    ExchangeResponseException call() {
        return call(http);
    }

    static ExchangeResponseException call(ExchangeHttp client) {
        try {
            client.get(KLINES, PARAMS);
        } catch (ExchangeResponseException e) {
            return e;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a failure");
    }

    @Test
    void theWeightBudgetKeepsUnderItsShareAndTrustsTheExchangesCount() {
        WeightBudget budget = new WeightBudget(1200, 0.5, 2); // 600 a minute, 300 for this reader
        long t = 1_700_000_000_000L / 60_000 * 60_000 + 10_000;
        assertThat(budget.delayFor(2, t)).isZero();
        budget.spend(2, t);
        // Spread: 300 a minute in requests of 2 is one every 400 ms.
        assertThat(budget.delayFor(2, t + 100)).isEqualTo(300);
        assertThat(budget.delayFor(2, t + 400)).isZero();
        budget.observe(596, t + 400); // other readers on the same IP spent the rest
        budget.spend(2, t + 400);
        assertThat(budget.used(t + 400)).isEqualTo(598);
        assertThat(budget.delayFor(4, t + 800)).isEqualTo(60_000 - 10_800);
        assertThat(budget.delayFor(2, t + 800)).isZero();
        assertThat(budget.delayFor(2, t + 50_000)).isZero(); // a new minute
    }

    @Test
    void aReaderKeepsToItsPartOfTheShare() {
        WeightBudget budget = new WeightBudget(1200, 0.5, 4); // 150 a minute for this reader
        long t = 1_700_000_000_000L / 60_000 * 60_000;
        int sent = 0;
        for (long now = t; now < t + 60_000; now++) {
            if (budget.delayFor(5, now) == 0) {
                budget.spend(5, now);
                sent += 5;
            }
        }
        assertThat(sent).isEqualTo(150);
    }
}
