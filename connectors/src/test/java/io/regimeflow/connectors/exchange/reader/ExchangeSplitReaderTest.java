package io.regimeflow.connectors.exchange.reader;

import io.regimeflow.connectors.exchange.config.ExchangeSourceSettings;
import io.regimeflow.connectors.exchange.config.SpotLive;
import io.regimeflow.connectors.exchange.derivatives.DerivativesVenue;
import io.regimeflow.connectors.exchange.split.ExchangeSplit;
import io.regimeflow.connectors.exchange.split.ExchangeStream;
import io.regimeflow.model.Candle;
import io.regimeflow.model.FundingSettlement;
import io.regimeflow.model.Liquidation;
import io.regimeflow.model.MarketData;
import io.regimeflow.model.OrderBook;
import io.regimeflow.model.OrderSide;
import io.regimeflow.testkit.Await;
import io.regimeflow.testkit.BinanceKlineCsv;
import io.regimeflow.testkit.FakeBinance;
import io.regimeflow.testkit.FakeBinanceStream;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.metrics.testutils.MetricListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;


/** The fetch side of the Binance source against the loopback fakes, fault by fault. */
class ExchangeSplitReaderTest {

    static final long MINUTE = 60_000L;
    static final String KLINES = "/api/v3/klines";
    static final String FUNDING = "/fapi/v1/fundingRate";

    final FakeBinance fake;
    final FakeBinanceStream stream;
    final List<Candle> algo = BinanceKlineCsv.read("ALGOUSDT-1m-2024-02.csv.gz", "ALGO/USDT")
            .subList(0, 2500);

    ExchangeSplitReaderTest() throws Exception {
        fake = new FakeBinance();
        stream = new FakeBinanceStream();
        fake.candles("ALGO/USDT", algo);
    }

    @AfterEach
    void stop() throws Exception {
        fake.close();
        stream.close();
    }

    static ExchangeSourceSettings settings(URI rest, URI ws, List<String> symbols, long start,
            Long end, int gapRetries) {
        return settings(rest, ws, symbols, start, end, gapRetries, Duration.ofDays(1).toMillis());
    }

    static ExchangeSourceSettings settings(URI rest, URI ws, List<String> symbols, long start,
            Long end, int gapRetries, long giveUpAfterMs) {
        return quick(symbols, start).spotUrl(rest).venue(DerivativesVenue.BINANCE_USDM)
                .derivativesRestUrl(rest).derivativesWebsocketUrl(ws).endMs(end)
                .gapRetries(gapRetries).giveUpAfter(Duration.ofMillis(giveUpAfterMs)).build();
    }

    /**
     * Settings for a fake exchange on loopback: quick polls (candles 20 ms after their close,
     * books and funding every 200 ms), 20 levels, Binance's weight limits (1200 spot, 2400
     * USD-M) of which half, requests that time out after 2 s, a day before a silent host
     * fails a bounded run, symbols that never go idle, and live candles by REST polling (the
     * spot streams have tests of their own: {@link SpotStreamsFeedTest}).
     */
    static ExchangeSourceSettings.Builder quick(List<String> symbols, long start) {
        return ExchangeSourceSettings.builder(symbols, start).pollDelay(Duration.ofMillis(20))
                .depthInterval(Duration.ofMillis(200)).depthLimit(20)
                .fundingPoll(Duration.ofMillis(200)).spotWeightLimit(1200)
                .derivativesWeightLimit(2400).weightShare(0.5)
                .requestTimeout(Duration.ofSeconds(2)).giveUpAfter(Duration.ofDays(1))
                .quietAfter(Duration.ofDays(3650)).live(SpotLive.polling());
    }

    /**
     * Fetches until {@code done} holds for what was emitted, applying the emitter's rule; fails
     * when it does not within {@link Await#PATIENT} (a loaded CI machine is slow, not wrong).
     */
    static List<MarketData> run(ExchangeSplitReader reader, List<ExchangeSplit> splits,
            Predicate<List<MarketData>> done) throws Exception {
        reader.handleSplitsChanges(new SplitsAddition<>(splits));
        List<MarketData> out = new ArrayList<>();
        Await.until("the records awaited", () -> {
            if (!done.test(out)) {
                fetchOnce(reader, out);
            }
            return done.test(out);
        }, () -> out.size() + " emitted, the last " + (out.isEmpty() ? "none"
                : out.get(out.size() - 1)));
        return out;
    }

    /** One fetch; its records are added to {@code out}. */
    static void fetchOnce(ExchangeSplitReader reader, List<MarketData> out) throws Exception {
        fetchElements(reader, (id, e) -> {
            if (e.record() != null) {
                out.add(e.record().data());
            }
        });
    }

    /**
     * One fetch; each element (record, watermark, idleness) goes to {@code each} with its split.
     *
     * @return the splits the fetch finished
     */
    static Set<String> fetchElements(ExchangeSplitReader reader,
            BiConsumer<String, FeedElement> each) throws Exception {
        RecordsWithSplitIds<FeedElement> batch = reader.fetch();
        for (String id = batch.nextSplit(); id != null; id = batch.nextSplit()) {
            for (FeedElement e = batch.nextRecordFromSplit(); e != null;
                    e = batch.nextRecordFromSplit()) {
                each.accept(id, e);
            }
        }
        return batch.finishedSplits();
    }

    static ExchangeSplit klines(String symbol, long position) {
        return new ExchangeSplit(symbol, 0, ExchangeStream.KLINES, position, -1);
    }

    @Test
    void everyCandleOnceAndInOrderThroughEveryFault() throws Exception {
        long start = algo.get(0).openTime();
        long end = algo.get(algo.size() - 1).openTime() + MINUTE;
        long hole = algo.get(1500).openTime();
        fake.inject(KLINES, FakeBinance.rateLimited(1), new FakeBinance.Truncated(),
                new FakeBinance.DuplicatedAndShuffled(), FakeBinance.serverError(),
                new FakeBinance.Hang(5_000), new FakeBinance.MissingRange(hole, hole + 5 * MINUTE),
                FakeBinance.banned(1));
        MetricListener metrics = new MetricListener();
        ExchangeSplitReader reader = new ExchangeSplitReader(settings(fake.baseUrl(),
                stream.baseUrl(), List.of("ALGO/USDT"), start, end, 3), 1,
                System::currentTimeMillis, metrics.getMetricGroup());
        List<MarketData> out = run(reader, List.of(klines("ALGO/USDT", start)),
                o -> o.size() >= algo.size());
        assertThat(out).isEqualTo(algo);
        assertThat(fake.pendingFaults(KLINES)).isZero();
        // What a data engineer watches per exchange host: weight used, rate-limit waits.
        String host = fake.baseUrl().getHost();
        assertThat(metrics.getCounter("host", host, "rateLimitWaits").orElseThrow().getCount())
                .isEqualTo(1); // the 429 (the 418 ban shows in 'banned')
        assertThat(metrics.getCounter("host", host, "requestFailures").orElseThrow()
                .getCount()).isGreaterThanOrEqualTo(3);
        assertThat(metrics.<Integer>getGauge("host", host, "usedWeight1m").orElseThrow()
                .getValue()).isPositive();
        reader.close();
    }

    @Test
    void aHoleTheExchangeNeverFillsIsAskedForAgainThenSkippedAndCounted() throws Exception {
        List<Candle> withHole = new ArrayList<>(algo.subList(0, 100));
        withHole.subList(40, 43).clear(); // three minutes the exchange never had
        FakeBinance holey = fake;
        holey.close();
        try (FakeBinance f = new FakeBinance()) {
            f.candles("ALGO/USDT", withHole);
            long start = withHole.get(0).openTime();
            long end = algo.get(99).openTime() + MINUTE;
            ExchangeSplitReader reader = new ExchangeSplitReader(settings(f.baseUrl(),
                    stream.baseUrl(), List.of("ALGO/USDT"), start, end, 2), 1,
                    System::currentTimeMillis, new UnregisteredMetricsGroup());
            List<MarketData> out = run(reader, List.of(klines("ALGO/USDT", start)),
                    o -> o.size() >= withHole.size());
            assertThat(out).isEqualTo(withHole);
            // The hole was asked for again twice by startTime/endTime before going on.
            long asked = f.requests().stream().filter(r -> r.contains("startTime="
                    + algo.get(40).openTime()) && r.contains("endTime="
                    + (algo.get(43).openTime() - 1))).count();
            assertThat(asked).isEqualTo(2);
        }
    }

    @Test
    void theMinuteStillTradingIsNeverEmitted() throws Exception {
        long thisMinute = System.currentTimeMillis() / MINUTE * MINUTE;
        List<Candle> present = BinanceKlineCsv.shifted(algo.subList(0, 30),
                thisMinute - algo.get(29).openTime(), "ALGO/USDT");
        try (FakeBinance f = new FakeBinance()) {
            f.candles("ALGO/USDT", present);
            ExchangeSplitReader reader = new ExchangeSplitReader(settings(f.baseUrl(),
                    stream.baseUrl(), List.of("ALGO/USDT"), present.get(0).openTime(), null, 2),
                    1, System::currentTimeMillis, new UnregisteredMetricsGroup());
            List<MarketData> out = run(reader, List.of(klines("ALGO/USDT",
                    present.get(0).openTime())), o -> o.size() >= 29);
            // Fetch on a little: the open minute stays out, unless the minute ended meanwhile.
            // A negative check: a slow machine fetches less in the window, which can only make
            // it pass more easily, never fail a correct reader; so a short window is fine.
            long until = System.currentTimeMillis() + 300;
            while (System.currentTimeMillis() < until) {
                fetchOnce(reader, out);
            }
            if (System.currentTimeMillis() / MINUTE * MINUTE == thisMinute) {
                assertThat(out).isEqualTo(present.subList(0, 29));
            } else {
                assertThat(out).isSubsetOf(present);
            }
        }
    }

    @Test
    void fundingHistoryThenNewSettlementsWithTheirIntervals() throws Exception {
        long t0 = 1_706_745_600_000L; // 2024-02-01T00:00Z
        List<FundingSettlement> settlements = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            long t = i < 8 ? t0 + i * 8 * 3_600_000L : t0 + 7 * 8 * 3_600_000L
                    + (i - 7) * 4 * 3_600_000L; // 8h, then 4h
            settlements.add(new FundingSettlement("ALGO/USDT", "binance-usdm", t,
                    new BigDecimal("0.000" + (10 + i) + "00"), 8, new BigDecimal("0.19" + i)));
        }
        fake.funding("ALGO/USDT", settlements.subList(0, 10));
        fake.inject(FUNDING, new FakeBinance.DuplicatedAndShuffled());
        ExchangeSplitReader reader = new ExchangeSplitReader(settings(fake.baseUrl(),
                stream.baseUrl(), List.of("ALGO/USDT"), t0, null, 2), 1,
                System::currentTimeMillis, new UnregisteredMetricsGroup());
        ExchangeSplit split = new ExchangeSplit("ALGO/USDT", 0, ExchangeStream.FUNDING, t0 - 1, -1);
        List<MarketData> first = run(reader, List.of(split), o -> o.size() >= 10);
        fake.funding("ALGO/USDT", settlements.subList(10, 12)); // new ones appear
        List<MarketData> all = new ArrayList<>(first);
        all.addAll(run(reader, List.of(), o -> o.size() >= 2));
        assertThat(all).extracting(MarketData::eventTime)
                .containsExactlyElementsOf(settlements.stream()
                        .map(FundingSettlement::fundingTime).toList());
        assertThat(all).extracting(d -> ((FundingSettlement) d).intervalHours())
                .containsExactly(8, 8, 8, 8, 8, 8, 8, 8, 4, 4, 4, 4);
        assertThat(((FundingSettlement) all.get(3)).fundingRate())
                .isEqualByComparingTo("0.0001300");
    }

    /** The funding split's elements as text: "settlement <time>", "watermark <time>", "idle". */
    static List<String> fundingElements(ExchangeSplitReader reader, ExchangeSplit split,
            Predicate<List<String>> done) throws Exception {
        reader.handleSplitsChanges(new SplitsAddition<>(List.of(split)));
        List<String> seen = new ArrayList<>();
        Await.until("the funding split's elements awaited", () -> {
            fetchElements(reader, (id, e) -> {
                if (id.equals(split.splitId())) {
                    seen.add(e.record() != null ? "settlement " + e.record().data().eventTime()
                            : e.idle() ? "idle" : "watermark " + e.watermark());
                }
            });
            return done.test(seen);
        }, seen::toString);
        return seen;
    }

    /**
     * Funding history is part of event time: a settlement of the past that comes after the
     * candles of its hour goes into a later hour's snapshot (a day of history at parallelism 2
     * had the 00:00 settlement missing from ten snapshots, or not, as the requests happened to
     * be answered). Its split holds event time from the moment it is added until the venue has
     * answered (late here: a 429 first), and stops holding once caught up with the present.
     */
    @Test
    void fundingHistoryHoldsEventTimeUntilTheVenueHasAnsweredIt() throws Exception {
        long t0 = 1_706_745_600_000L; // 2024-02-01T00:00Z
        List<FundingSettlement> settlements = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            settlements.add(new FundingSettlement("ALGO/USDT", "binance-usdm",
                    t0 + i * 8 * 3_600_000L + i, new BigDecimal("0.0001"), 8, null));
        }
        fake.funding("ALGO/USDT", settlements);
        fake.inject(FUNDING, FakeBinance.rateLimited(1));
        ExchangeSplitReader reader = new ExchangeSplitReader(settings(fake.baseUrl(),
                stream.baseUrl(), List.of("ALGO/USDT"), t0, null, 2), 1,
                System::currentTimeMillis, new UnregisteredMetricsGroup());
        List<String> seen = fundingElements(reader, new ExchangeSplit("ALGO/USDT", 0,
                ExchangeStream.FUNDING, t0 - 1, -1), s -> s.contains("idle"));
        assertThat(fake.pendingFaults(FUNDING)).isZero();
        assertThat(seen).containsExactly("settlement " + t0,
                "settlement " + (t0 + 8 * 3_600_000L + 1),
                "settlement " + (t0 + 16 * 3_600_000L + 2), "idle");
        reader.close();
    }

    /** A bounded run of history: the settlements, then the end of event time; never idle. */
    @Test
    void boundedFundingHistoryEndsWithoutEverBeingIdle() throws Exception {
        long t0 = 1_706_745_600_000L;
        fake.funding("ALGO/USDT", List.of(new FundingSettlement("ALGO/USDT", "binance-usdm",
                t0 + 5, new BigDecimal("0.0001"), 8, null)));
        fake.inject(FUNDING, FakeBinance.serverError());
        ExchangeSplitReader reader = new ExchangeSplitReader(settings(fake.baseUrl(),
                stream.baseUrl(), List.of("ALGO/USDT"), t0, t0 + 3_600_000L, 2), 1,
                System::currentTimeMillis, new UnregisteredMetricsGroup());
        List<String> seen = fundingElements(reader, new ExchangeSplit("ALGO/USDT", 0,
                ExchangeStream.FUNDING, t0 - 1, -1),
                s -> s.contains("watermark " + Long.MAX_VALUE));
        assertThat(seen).containsExactly("settlement " + (t0 + 5),
                "watermark " + Long.MAX_VALUE);
        reader.close();
    }

    /**
     * A live reader of ALGO/USDT whose quiet time is 1.5 s, the fake venue holding one
     * settlement at {@code t0} (what the venue answers besides is each test's own).
     */
    ExchangeSplitReader quietAfterOneAndAHalfSeconds(long t0) {
        fake.funding("ALGO/USDT", List.of(new FundingSettlement("ALGO/USDT", "binance-usdm",
                t0, new BigDecimal("0.0001"), 8, null)));
        ExchangeSourceSettings quick = settings(fake.baseUrl(), stream.baseUrl(),
                List.of("ALGO/USDT"), t0, null, 2).toBuilder()
                .quietAfter(Duration.ofMillis(1_500)).build();
        return new ExchangeSplitReader(quick, 1, System::currentTimeMillis,
                new UnregisteredMetricsGroup());
    }

    /**
     * A venue that gives no funding answer does not hold the job for ever: after
     * {@code quietAfterMs} the split goes idle, one that refuses the symbol at once.
     */
    @Test
    void fundingNotAnsweredStopsHoldingEventTimeAfterTheQuietTime() throws Exception {
        long t0 = 1_706_745_600_000L;
        fake.script(FUNDING, new FakeBinance.Answer(500, Map.of(),
                FakeBinance.serverError().answer().body(), 0)); // for ever
        ExchangeSplitReader reader = quietAfterOneAndAHalfSeconds(t0);
        long added = System.currentTimeMillis();
        List<String> seen = fundingElements(reader, new ExchangeSplit("ALGO/USDT", 0,
                ExchangeStream.FUNDING, t0 - 1, -1), s -> s.contains("idle"));
        assertThat(System.currentTimeMillis() - added).isGreaterThanOrEqualTo(1_500);
        assertThat(seen).containsExactly("idle");
        assertThat(fake.hits(FUNDING)).isGreaterThanOrEqualTo(1);
        reader.close();

        try (FakeBinance refusing = new FakeBinance()) {
            refusing.candles("ALGO/USDT", algo.subList(0, 1)); // no perpetual: -1121
            ExchangeSplitReader r = new ExchangeSplitReader(settings(refusing.baseUrl(),
                    stream.baseUrl(), List.of("ALGO/USDT"), t0, null, 2), 1,
                    System::currentTimeMillis, new UnregisteredMetricsGroup());
            assertThat(fundingElements(r, new ExchangeSplit("ALGO/USDT", 0,
                    ExchangeStream.FUNDING, t0 - 1, -1), s -> s.contains("idle")))
                    .containsExactly("idle");
            assertThat(refusing.hits(FUNDING)).isEqualTo(1);
            r.close();
        }
    }

    /**
     * A venue that asks for a wait (a 429 with Retry-After 3 s, longer than the quiet time of
     * 1.5 s) is not a venue that is gone: the split keeps holding event time through the wait,
     * and its settlement comes before it goes idle (it went idle during the wait, and a past
     * settlement could land in a later hour's snapshot).
     */
    @Test
    void fundingKeepsHoldingWhileTheVenueAsksForAWait() throws Exception {
        long t0 = 1_706_745_600_000L;
        fake.inject(FUNDING, FakeBinance.rateLimited(3));
        ExchangeSplitReader reader = quietAfterOneAndAHalfSeconds(t0);
        List<String> seen = fundingElements(reader, new ExchangeSplit("ALGO/USDT", 0,
                ExchangeStream.FUNDING, t0 - 1, -1), s -> s.contains("settlement " + t0));
        assertThat(seen).as("nothing before the settlement").startsWith("settlement " + t0);
        assertThat(fake.pendingFaults(FUNDING)).isZero();
        reader.close();
    }

    @Test
    void liquidationsArePushedThroughDropsAndServerClosesAndPingsAreAnswered() throws Exception {
        MetricListener metrics = new MetricListener();
        ExchangeSplitReader reader = new ExchangeSplitReader(settings(fake.baseUrl(),
                stream.baseUrl(), List.of("ALGO/USDT"), algo.get(0).openTime(), null, 2), 1,
                System::currentTimeMillis, metrics.getMetricGroup());
        ExchangeSplit split = new ExchangeSplit("ALGO/USDT", 0, ExchangeStream.LIQUIDATIONS, 0, -1);
        run(reader, List.of(split), o -> true);
        // The reader subscribes once it knows the venue's perpetuals: it is fetching meanwhile.
        Await.until("connection 1 opened and open now", () -> {
            fetchOnce(reader, new ArrayList<>());
            return stream.connectionsOpened() >= 1 && stream.connections() > 0;
        }, () -> stream.connectionsOpened() + " opened, " + fake.requests().size()
                + " requests to the REST fake");
        assertThat(stream.pingAndAwaitPongs("binance-ping", Await.PATIENT)).isTrue();
        long now = System.currentTimeMillis();
        Liquidation a = new Liquidation("ALGO/USDT", "binance-usdm", now, OrderSide.SELL,
                new BigDecimal("0.1910"), new BigDecimal("0.1905"), new BigDecimal("12000"));
        stream.push(a);
        List<MarketData> got = run(reader, List.of(), o -> o.size() >= 1);
        assertThat(got).containsExactly(a);

        stream.dropConnections(); // a network failure
        awaitConnection(2, metrics);
        stream.closeSessions(); // Binance ends the session (every 24 hours)
        awaitConnection(3, metrics);
        Liquidation b = new Liquidation("ALGO/USDT", "binance-usdm", now + 5, OrderSide.BUY,
                new BigDecimal("0.1920"), BigDecimal.ZERO, new BigDecimal("500.5"));
        stream.push(b);
        got = run(reader, List.of(), o -> o.size() >= 1);
        assertThat(got).containsExactly(b);
        reader.close();
    }

    /**
     * Waits until the fake has seen connection {@code n} and holds one open; on failure, says
     * also what the reader's side saw (whether it noticed the connection go, and how often it
     * tried again), which tells a slow reconnect from one never attempted.
     */
    void awaitConnection(int n, MetricListener metrics) throws Exception {
        Await.until("connection " + n + " opened and open now",
                () -> stream.connectionsOpened() >= n && stream.connections() > 0,
                () -> stream.connectionsOpened() + " opened, " + stream.connections()
                        + " open at the fake; the reader: liquidationStreamConnected "
                        + metrics.getGauge("liquidationStreamConnected")
                                .map(g -> g.getValue()).orElse(null)
                        + ", liquidationStreamReconnects "
                        + metrics.getCounter("liquidationStreamReconnects")
                                .map(c -> c.getCount()).orElse(null));
    }

    @Test
    void booksComeOnceTheCandlesAreLiveAndParseExactly() throws Exception {
        long thisMinute = System.currentTimeMillis() / MINUTE * MINUTE;
        List<Candle> present = BinanceKlineCsv.shifted(algo.subList(0, 10),
                thisMinute - algo.get(9).openTime(), "ALGO/USDT");
        try (FakeBinance f = new FakeBinance()) {
            f.candles("ALGO/USDT", present);
            ExchangeSplitReader reader = new ExchangeSplitReader(settings(f.baseUrl(),
                    stream.baseUrl(), List.of("ALGO/USDT"), present.get(0).openTime(), null, 2),
                    1, System::currentTimeMillis, new UnregisteredMetricsGroup());
            List<MarketData> out = run(reader, List.of(klines("ALGO/USDT",
                    present.get(0).openTime()), new ExchangeSplit("ALGO/USDT", 0,
                    ExchangeStream.DEPTH, 0, -1)), o -> o.stream()
                    .anyMatch(d -> d instanceof OrderBook));
            OrderBook book = (OrderBook) out.stream().filter(d -> d instanceof OrderBook)
                    .findFirst().orElseThrow();
            assertThat(book.bids()).hasSize(20);
            assertThat(book.bids()[0].price()).isLessThan(book.asks()[0].price());
            // The candles came first: the book waited for them to be live.
            assertThat(out.indexOf(book)).isGreaterThanOrEqualTo(9);
        }
    }

    @Test
    void anUnknownSymbolIsRefusedWithoutEmittingOrCrashing() throws Exception {
        ExchangeSplitReader reader = new ExchangeSplitReader(settings(fake.baseUrl(),
                stream.baseUrl(), List.of("NOPE/USDT"), algo.get(0).openTime(), null, 2), 1,
                System::currentTimeMillis, new UnregisteredMetricsGroup());
        List<MarketData> out = run(reader, List.of(klines("NOPE/USDT", algo.get(0).openTime())),
                o -> fake.hits(KLINES) >= 1);
        for (int i = 0; i < 5; i++) {
            reader.fetch();
        }
        assertThat(out).isEmpty();
        assertThat(fake.hits(KLINES)).isEqualTo(1); // asked again only after minutes
    }
}
