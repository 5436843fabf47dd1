package io.regimeflow.connectors.exchange.reader;

import io.regimeflow.connectors.exchange.http.ExchangeHttp;
import io.regimeflow.connectors.exchange.http.ExchangeResponseException;
import io.regimeflow.connectors.exchange.http.ExchangeUnreachableException;
import io.regimeflow.connectors.exchange.split.ExchangeSplit;
import io.regimeflow.model.Candle;
import io.regimeflow.model.MarketData;
import io.regimeflow.testkit.Await;
import io.regimeflow.testkit.BinanceKlineCsv;
import io.regimeflow.testkit.FakeBinance;
import io.regimeflow.testkit.FakeBinanceStream;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.metrics.testutils.MetricListener;
import org.apache.flink.runtime.throwable.ThrowableClassifier;
import org.apache.flink.runtime.throwable.ThrowableType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;


/**
 * What the exchange asks of a client, through the real split reader against a fake exchange on
 * loopback: a wait it names is kept for every request to that host, a failing host is asked
 * less and less often, and a firewall's 403 is a limit to wait out, not a refusal.
 */
class ExchangeLimitsTest {

    static final long MINUTE = 60_000L;
    static final String KLINES = "/api/v3/klines";

    final FakeBinance fake;
    final FakeBinanceStream stream;
    final List<Candle> algo = BinanceKlineCsv.read("ALGOUSDT-1m-2024-02.csv.gz", "ALGO/USDT")
            .subList(0, 300);
    final long start = algo.get(0).openTime();
    final long end = start + 300 * MINUTE;

    ExchangeLimitsTest() throws Exception {
        fake = new FakeBinance();
        stream = new FakeBinanceStream();
        fake.candles("ALGO/USDT", algo);
        fake.publishUntil(end);
    }

    @AfterEach
    void stop() throws Exception {
        fake.close();
        stream.close();
    }

    ExchangeSplitReader reader() {
        return new ExchangeSplitReader(ExchangeSplitReaderTest.settings(fake.baseUrl(),
                stream.baseUrl(), List.of("ALGO/USDT"), start, end, 3), 1,
                System::currentTimeMillis, UnregisteredMetricsGroup.createOperatorMetricGroup());
    }

    /** When each request to {@code path} reached the fake, in wall milliseconds. */
    List<Long> times(String path) {
        List<Long> out = new ArrayList<>();
        for (String r : fake.requests()) {
            String[] parts = r.split(" ", 2);
            if (parts[1].startsWith(path)) {
                out.add(Long.parseLong(parts[0]));
            }
        }
        return out;
    }

    List<MarketData> runToTheEnd(ExchangeSplitReader reader) throws Exception {
        return ExchangeSplitReaderTest.run(reader, List.of(ExchangeSplitReaderTest.klines(
                "ALGO/USDT", start)), o -> o.size() >= algo.size());
    }

    /**
     * Three 429s with Retry-After: 2 in a row: no request to the host before each wait ends
     * (Binance bans an IP that keeps asking), then every candle once.
     */
    @Test
    void aRetryAfterIsKeptForEveryRequestToTheHost() throws Exception {
        fake.inject(KLINES, FakeBinance.rateLimited(2), FakeBinance.rateLimited(2),
                FakeBinance.rateLimited(2));
        List<MarketData> got = runToTheEnd(reader());
        assertThat(got).hasSize(algo.size());
        List<Long> at = times(KLINES);
        assertThat(at.size()).isGreaterThanOrEqualTo(4);
        for (int i = 1; i <= 3; i++) {
            assertThat(at.get(i) - at.get(i - 1)).as("wait after 429 number %d; requests at %s",
                    i, at).isGreaterThanOrEqualTo(2_000);
        }
    }

    /**
     * CloudFront's "Request blocked." page (Binance's web application firewall) once, then a
     * healthy host: the run has all 300 candles. It used to be taken for a refusal of the symbol,
     * and the split of a bounded run ended at once with none.
     */
    @Test
    void aFirewall403IsWaitedOutNotTakenForARefusal() throws Exception {
        fake.inject(KLINES, new FakeBinance.Recorded(
                "binance-403-cloudfront-request-blocked-2018"));
        List<MarketData> got = runToTheEnd(reader());
        assertThat(got).hasSize(algo.size());
        assertThat(times(KLINES).size()).isGreaterThanOrEqualTo(2);
    }

    /**
     * A symbol the exchange stops trading while the job runs (it answers -1121 "Invalid
     * symbol."): its split goes idle, so it holds back nobody's event time, and is asked again
     * later; the other symbol's candles go on.
     */
    @Test
    void aSymbolTheExchangeRefusesGoesIdleAndHoldsNobodyBack() throws Exception {
        MetricListener metrics = new MetricListener();
        ExchangeSplitReader reader = new ExchangeSplitReader(ExchangeSplitReaderTest.settings(
                fake.baseUrl(), stream.baseUrl(), List.of("ALGO/USDT", "NOPE/USDT"), start, null,
                3), 1, System::currentTimeMillis, metrics.getMetricGroup());
        ExchangeSplit nope = ExchangeSplitReaderTest.klines("NOPE/USDT", start);
        reader.handleSplitsChanges(new SplitsAddition<>(List.of(
                ExchangeSplitReaderTest.klines("ALGO/USDT", start), nope)));
        List<String> idle = new ArrayList<>();
        List<MarketData> algoCandles = new ArrayList<>();
        Await.until("NOPE/USDT idle and ALGO/USDT's candles", () -> {
            ExchangeSplitReaderTest.fetchElements(reader, (id, e) -> {
                if (e.idle()) {
                    idle.add(id);
                } else if (e.record() != null) {
                    algoCandles.add(e.record().data());
                }
            });
            return idle.contains(nope.splitId()) && algoCandles.size() >= algo.size();
        }, () -> "idle " + idle + ", " + algoCandles.size() + " candles");
        assertThat(algoCandles).hasSize(algo.size());
        assertThat(fake.hits(KLINES)).isLessThan(20);
        // Reported: the split's refused gauge says so while the exchange refuses it.
        assertThat(metrics.<Integer>getGauge("split", nope.splitId(), "refused").orElseThrow()
                .getValue()).isEqualTo(1);
        assertThat(metrics.<Integer>getGauge("split", "klines-ALGO/USDT", "refused")
                .orElseThrow().getValue()).isZero();
        reader.close();
    }

    /**
     * A host that does not answer is named with the cause a user can act on, not
     * "ConnectException: null".
     */
    @Test
    void noAnswerSaysWhy() throws Exception {
        ServerSocket closed = new ServerSocket(0);
        int port = closed.getLocalPort();
        closed.close(); // nothing listens there now
        ExchangeHttp refused = new ExchangeHttp(URI.create("http://127.0.0.1:" + port),
                Duration.ofSeconds(30));
        assertThat(catchThrowableOfType(
                () -> refused.get(KLINES, Map.of()), ExchangeResponseException.class))
                .hasMessageEndingWith("no answer (connection refused)");
        ExchangeHttp unknown = new ExchangeHttp(URI.create(
                "http://no-such-host.invalid"), Duration.ofSeconds(30));
        assertThat(catchThrowableOfType(
                () -> unknown.get(KLINES, Map.of()), ExchangeResponseException.class))
                .hasMessageEndingWith("no answer (host name not resolved)");
    }

    /**
     * A host that gives no answer (twice a request that outlives the request timeout): the
     * {@code noAnswerMs} gauge says for how long while it lasts, and is back to 0 once the host
     * answers; every candle still comes. (The log says it once when it starts and once when it
     * ends, not at every retry.)
     */
    @Test
    void aHostWithoutAnswerIsMeasuredUntilItAnswersAgain() throws Exception {
        fake.inject(KLINES, new FakeBinance.Hang(5_000), new FakeBinance.Hang(5_000));
        MetricListener metrics = new MetricListener();
        ExchangeSplitReader reader = new ExchangeSplitReader(ExchangeSplitReaderTest.settings(
                fake.baseUrl(), stream.baseUrl(), List.of("ALGO/USDT"), start, end, 3), 1,
                System::currentTimeMillis, metrics.getMetricGroup());
        reader.handleSplitsChanges(new SplitsAddition<>(List.of(
                ExchangeSplitReaderTest.klines("ALGO/USDT", start))));
        Gauge<Long> silent = metrics.<Long>getGauge("host", "127.0.0.1", "noAnswerMs")
                .orElseThrow();
        List<MarketData> out = new ArrayList<>();
        long[] longest = {0};
        Await.until("every candle", () -> {
            ExchangeSplitReaderTest.fetchOnce(reader, out);
            longest[0] = Math.max(longest[0], silent.getValue());
            return out.size() >= algo.size();
        }, () -> out.size() + " candles, noAnswerMs " + silent.getValue());
        assertThat(longest[0]).as("measured while silent").isPositive();
        assertThat(silent.getValue()).as("answering again").isZero();
        reader.close();
    }

    /**
     * A bounded run whose exchange never answers (nothing listens on its port) gives up after
     * {@code give-up-after} with one exception naming the host and the cause, which Flink does
     * not restart; before, it asked again for ever and said nothing new.
     */
    @Test
    void aBoundedRunGivesUpOnAHostThatNeverAnswers() throws Exception {
        ServerSocket closed = new ServerSocket(0);
        URI nobody = URI.create("http://127.0.0.1:" + closed.getLocalPort());
        closed.close();
        ExchangeSplitReader reader = new ExchangeSplitReader(ExchangeSplitReaderTest.settings(
                nobody,
                stream.baseUrl(), List.of("ALGO/USDT"), start, end, 3, 2_000), 1,
                System::currentTimeMillis, UnregisteredMetricsGroup.createOperatorMetricGroup());
        reader.handleSplitsChanges(new SplitsAddition<>(List.of(
                ExchangeSplitReaderTest.klines("ALGO/USDT", start))));
        List<MarketData> out = new ArrayList<>();
        Throwable[] failure = {null};
        long began = System.currentTimeMillis();
        Await.until("the run to give up", () -> {
            try {
                ExchangeSplitReaderTest.fetchOnce(reader, out);
            } catch (Exception e) {
                failure[0] = e;
            }
            return failure[0] != null;
        }, () -> out.size() + " records, no failure after "
                + (System.currentTimeMillis() - began) + " ms");
        assertThat(System.currentTimeMillis() - began).isGreaterThanOrEqualTo(2_000);
        assertThat(failure[0]).isInstanceOf(ExchangeUnreachableException.class)
                .hasMessageStartingWith("127.0.0.1 has given no answer for ")
                .hasMessageContaining("connection refused")
                .hasMessageEndingWith("a bounded run gives up after binance.give-up-after (2 s)");
        assertThat(ThrowableClassifier.getThrowableType(failure[0]))
                .isEqualTo(ThrowableType.NonRecoverableError);
        assertThat(out).isEmpty();
        reader.close();
    }
}
