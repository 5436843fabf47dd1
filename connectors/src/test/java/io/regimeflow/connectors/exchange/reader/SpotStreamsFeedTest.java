package io.regimeflow.connectors.exchange.reader;

import static io.regimeflow.connectors.exchange.reader.ExchangeSplitReaderTest.MINUTE;
import static io.regimeflow.connectors.exchange.reader.ExchangeSplitReaderTest.fetchOnce;
import static io.regimeflow.connectors.exchange.reader.ExchangeSplitReaderTest.klines;
import static io.regimeflow.connectors.exchange.reader.ExchangeSplitReaderTest.quick;
import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.connectors.exchange.config.ExchangeSourceSettings;
import io.regimeflow.connectors.exchange.config.SpotLive;
import io.regimeflow.connectors.exchange.derivatives.DerivativesVenue;
import io.regimeflow.connectors.exchange.split.ExchangeSplit;
import io.regimeflow.connectors.exchange.split.ExchangeStream;
import io.regimeflow.connectors.exchange.spot.SpotStreams;
import io.regimeflow.model.Candle;
import io.regimeflow.model.MarketData;
import io.regimeflow.model.OrderBook;
import io.regimeflow.testkit.Await;
import io.regimeflow.testkit.BinanceKlineCsv;
import io.regimeflow.testkit.FakeBinance;
import io.regimeflow.testkit.FakeBinanceStream;
import io.regimeflow.testkit.SpotStreamMessages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.metrics.testutils.MetricListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Live candles and books over the spot websocket streams, against the loopback fakes, on a clock
 * the test moves minute by minute: each minute the fake publishes the next real recorded candle
 * (REST and socket), and the reader must emit it once, in order, whatever the socket did.
 */
class SpotStreamsFeedTest {

    static final String DEPTH = "/api/v3/depth";
    static final int BACKFILL = 60;

    final FakeBinance fake = new FakeBinance();
    final FakeBinanceStream stream = new FakeBinanceStream();
    final List<Candle> algo = BinanceKlineCsv.read("ALGOUSDT-1m-2024-02.csv.gz", "ALGO/USDT")
            .subList(0, 200);
    final AtomicLong clock = new AtomicLong();
    final MetricListener metrics = new MetricListener();
    final List<MarketData> out = new ArrayList<>();
    ExchangeSplitReader reader;

    SpotStreamsFeedTest() throws Exception {
        fake.candles("ALGO/USDT", algo);
    }

    @AfterEach
    void stop() throws Exception {
        if (reader != null) {
            reader.close();
        }
        fake.close();
        stream.close();
    }

    ExchangeSourceSettings.Builder live(List<String> symbols, Duration lateAfter) {
        return quick(symbols, algo.get(0).openTime()).spotUrl(fake.baseUrl())
                .venue(DerivativesVenue.BINANCE_USDM).derivativesRestUrl(fake.baseUrl())
                .derivativesWebsocketUrl(stream.baseUrl()).streams(false, false, false)
                .depthInterval(Duration.ofMinutes(1))
                .live(SpotLive.streams(stream.baseUrl(), lateAfter));
    }

    /** Backfills {@code minutes} by REST with the clock at the end of them. */
    void backfill(ExchangeSourceSettings settings, List<ExchangeSplit> splits, int minutes)
            throws Exception {
        long now = algo.get(minutes).openTime();
        clock.set(now);
        fake.publishUntil(now);
        reader = new ExchangeSplitReader(settings, 1, clock::get, metrics.getMetricGroup());
        reader.handleSplitsChanges(new SplitsAddition<>(splits));
        awaitCandles(minutes);
    }

    /** Minute {@code i} closes: the clock passes its end, REST and the socket publish it. */
    void close(int i, List<String> symbols) throws Exception {
        long open = algo.get(i).openTime();
        clock.set(open + MINUTE + 100);
        fake.publishUntil(open + MINUTE);
        stream.publishMinute(fake, symbols, open);
    }

    void awaitCandles(int n) throws Exception {
        Await.until(n + " candles", () -> {
            fetchOnce(reader, out);
            return candles().size() >= n;
        }, () -> candles().size() + " candles; the last " + (out.isEmpty() ? "none"
                : out.get(out.size() - 1)));
    }

    List<Candle> candles() {
        return out.stream().filter(Candle.class::isInstance).map(Candle.class::cast).toList();
    }

    void awaitSubscribed(String s) throws Exception {
        Await.until("a connection carrying " + s, () -> {
            fetchOnce(reader, out);
            return stream.subscribed(s) && reader != null;
        }, () -> stream.connectionStreams().toString());
    }

    long restKlinesSince(long mark) {
        return fake.requests().stream().skip(mark).filter(r -> r.contains("/api/v3/klines"))
                .count();
    }

    long counter(String name) {
        return metrics.getCounter("split", "klines-ALGO/USDT", name).map(c -> c.getCount())
                .orElseThrow(() -> new AssertionError("no metric " + name));
    }

    @Test
    void liveMinutesComeFromTheSocketOnceAndInOrderWithoutRest() throws Exception {
        backfill(live(List.of("ALGO/USDT"), Duration.ofMinutes(5)).build(),
                List.of(klines("ALGO/USDT", algo.get(0).openTime())), BACKFILL);
        awaitSubscribed("algousdt@kline_1m");
        long mark = fake.requests().size();
        for (int i = BACKFILL; i < BACKFILL + 10; i++) {
            close(i, List.of("ALGO/USDT"));
            awaitCandles(i + 1);
        }
        assertThat(candles()).isEqualTo(algo.subList(0, BACKFILL + 10));
        assertThat(restKlinesSince(mark)).as("REST kline requests once live").isZero();
        // A kline at or before the position (a repeat) is dropped and counted, not emitted.
        stream.sendText("algousdt@kline_1m", SpotStreamMessages.kline(algo.get(BACKFILL + 9),
                true, clock.get()));
        Await.until("the repeated kline dropped", () -> {
            fetchOnce(reader, out);
            return counter("socketKlinesDropped") >= 1;
        }, () -> "dropped " + counter("socketKlinesDropped"));
        assertThat(candles()).isEqualTo(algo.subList(0, BACKFILL + 10));
    }

    @Test
    void minutesMissedWhileTheSocketWasDownAreRepairedByRestOnce() throws Exception {
        backfill(live(List.of("ALGO/USDT"), Duration.ofMinutes(10)).build(),
                List.of(klines("ALGO/USDT", algo.get(0).openTime())), BACKFILL);
        awaitSubscribed("algousdt@kline_1m");
        close(BACKFILL, List.of("ALGO/USDT"));
        awaitCandles(BACKFILL + 1);
        // Down for 3 minutes: the host refuses new connections meanwhile (not for the region).
        stream.refuseHandshakes(503);
        stream.dropConnections();
        for (int i = BACKFILL + 1; i <= BACKFILL + 3; i++) {
            close(i, List.of("ALGO/USDT"));
        }
        stream.refuseHandshakes(0);
        stream.awaitConnectionsOpened(2, Await.PATIENT);
        awaitSubscribed("algousdt@kline_1m");
        close(BACKFILL + 4, List.of("ALGO/USDT"));
        awaitCandles(BACKFILL + 5);
        for (int i = BACKFILL + 5; i < BACKFILL + 8; i++) {
            close(i, List.of("ALGO/USDT"));
            awaitCandles(i + 1);
        }
        assertThat(candles()).isEqualTo(algo.subList(0, BACKFILL + 8));
        assertThat(counter("repairedMinutes")).isEqualTo(3);
        // Asked for by the range the socket skipped.
        assertThat(fake.requests()).anyMatch(r -> r.contains("startTime="
                + algo.get(BACKFILL + 1).openTime()) && r.contains("endTime="
                + (algo.get(BACKFILL + 4).openTime() - 1)));
    }

    @Test
    void refusedStreamsFallBackToRestPolling() throws Exception {
        stream.refuseHandshakes(451);
        backfill(live(List.of("ALGO/USDT"), Duration.ofMinutes(10)).build(),
                List.of(klines("ALGO/USDT", algo.get(0).openTime())), BACKFILL);
        Await.until("the refusal seen", () -> {
            fetchOnce(reader, out);
            return metrics.<Integer>getGauge("spotStreamsRefused").orElseThrow().getValue() == 1;
        }, () -> stream.refusedHandshakes() + " handshakes refused");
        for (int i = BACKFILL; i < BACKFILL + 3; i++) {
            close(i, List.of("ALGO/USDT"));
            awaitCandles(i + 1);
        }
        assertThat(candles()).isEqualTo(algo.subList(0, BACKFILL + 3));
        assertThat(counter("repairedMinutes")).isZero(); // polling, not repairing
    }

    /**
     * Binance answers a bad request on the stream connection with an error message, and a
     * combined-stream URL holding a stream it does not have with 400: the source takes both as
     * the streams refused, says so once, and polls REST meanwhile, losing and doubling nothing.
     */
    @Test
    void aSubscriptionErrorFallsBackToRestSaidOnce() throws Exception {
        try (LogLines log = new LogLines(SpotStreams.class)) {
            backfill(live(List.of("ALGO/USDT"), Duration.ofMinutes(10)).build(),
                    List.of(klines("ALGO/USDT", algo.get(0).openTime())), BACKFILL);
            awaitSubscribed("algousdt@kline_1m");
            close(BACKFILL, List.of("ALGO/USDT"));
            awaitCandles(BACKFILL + 1);
            long mark = fake.requests().size();
            stream.invalidStream("algousdt@kline_1m");
            assertThat(stream.sendError(2, "Invalid request: unknown variable", 1)).isOne();
            Await.until("the refusal seen", () -> {
                fetchOnce(reader, out);
                return metrics.<Integer>getGauge("spotStreamsRefused").orElseThrow()
                        .getValue() == 1 && stream.openConnections() == 0;
            }, () -> stream.openConnections() + " connections open");
            for (int i = BACKFILL + 1; i < BACKFILL + 4; i++) {
                close(i, List.of("ALGO/USDT"));
                awaitCandles(i + 1);
            }
            assertThat(candles()).isEqualTo(algo.subList(0, BACKFILL + 4));
            assertThat(restKlinesSince(mark)).as("REST polled meanwhile").isPositive();
            assertThat(log.containing("refuses the kline and book streams")).hasSize(1)
                    .allMatch(l -> l.startsWith("ERROR") && l.contains("unknown variable"));
        }
    }

    @Test
    void booksComeFromTheSocketWithoutRestDepth() throws Exception {
        threeLiveMinutesUntilABook(live(List.of("ALGO/USDT"), Duration.ofMinutes(5))
                .streams(true, false, false).build(), "algousdt@depth20@1000ms");
        assertThat(fake.hits(DEPTH)).as("REST depth requests").isZero();
    }

    /**
     * A run that asks for deeper books than the streams' 20 levels polls them by REST, so a
     * book's levels never depend on which way it came (and never shrink silently).
     */
    @Test
    void deeperBooksThanTheStreamsHaveComeByRest() throws Exception {
        threeLiveMinutesUntilABook(live(List.of("ALGO/USDT"), Duration.ofMinutes(5))
                .depthLimit(100).streams(true, false, false).build(), "algousdt@kline_1m");
        assertThat(fake.hits(DEPTH)).as("REST depth requests").isPositive();
        assertThat(stream.subscribed("algousdt@depth20@1000ms")).as("book stream").isFalse();
    }

    /**
     * ALGO's klines and books under {@code s}: the backfill, {@code subscribed} carried by a
     * connection, three live minutes each emitted once and in order, then a book.
     */
    void threeLiveMinutesUntilABook(ExchangeSourceSettings s, String subscribed)
            throws Exception {
        backfill(s, List.of(klines("ALGO/USDT", algo.get(0).openTime()), new ExchangeSplit(
                "ALGO/USDT", 0, ExchangeStream.DEPTH, 0, -1)), BACKFILL);
        awaitSubscribed(subscribed);
        for (int i = BACKFILL; i < BACKFILL + 3; i++) {
            close(i, List.of("ALGO/USDT"));
            awaitCandles(i + 1);
        }
        Await.until("a book", () -> {
            fetchOnce(reader, out);
            return out.stream().anyMatch(OrderBook.class::isInstance);
        }, () -> out.size() + " records");
        assertThat(candles()).isEqualTo(algo.subList(0, BACKFILL + 3));
    }
}
