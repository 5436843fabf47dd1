package io.regimeflow.connectors.exchange.reader;

import io.regimeflow.connectors.exchange.config.ExchangeSourceSettings;
import io.regimeflow.connectors.exchange.derivatives.DerivativesVenue;
import io.regimeflow.connectors.exchange.split.ExchangeSplit;
import io.regimeflow.connectors.exchange.split.ExchangeStream;
import io.regimeflow.model.FundingSettlement;
import io.regimeflow.model.Liquidation;
import io.regimeflow.model.MarketData;
import io.regimeflow.model.OrderSide;
import io.regimeflow.model.PositionSide;
import io.regimeflow.testkit.Await;
import io.regimeflow.testkit.BinanceKlineCsv;
import io.regimeflow.testkit.FakeBinance;
import io.regimeflow.testkit.FakeBinanceStream;
import io.regimeflow.testkit.FakeDerivativesVenues;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.metrics.testutils.MetricListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import static io.regimeflow.connectors.exchange.reader.ExchangeSplitReaderTest.run;
import static org.assertj.core.api.Assertions.assertThat;


/** Each derivatives venue's funding and liquidations, read from fakes of its wire format. */
class DerivativesVenuesTest {

    static final long HOUR = 3_600_000L;
    static final long T0 = 1_704_067_200_000L; // 2024-01-01T00:00Z

    static ExchangeSourceSettings settings(DerivativesVenue venue, URI spot, URI rest, URI ws,
            List<String> symbols, long start, Long end) {
        return ExchangeSplitReaderTest.quick(symbols, start).spotUrl(spot).venue(venue)
                .derivativesRestUrl(rest).derivativesWebsocketUrl(ws).endMs(end).gapRetries(2)
                .build();
    }

    /**
     * 8-hourly funding for 40 days, then 4-hourly for 20 (hourly throughout on Hyperliquid), read
     * from 10 days before the first: empty windows, windows of newest-first pages, pages of 500.
     */
    static List<FundingSettlement> series(DerivativesVenue venue) {
        List<Long> times = new ArrayList<>();
        for (long t = T0; t < T0 + 60 * 24 * HOUR; ) {
            times.add(t);
            t += (venue == DerivativesVenue.HYPERLIQUID ? 1 : t < T0 + 40 * 24 * HOUR ? 8 : 4)
                    * HOUR;
        }
        List<FundingSettlement> out = new ArrayList<>();
        for (int i = 0; i < times.size(); i++) {
            // The interval in force: the hours since the previous settlement (spec section 3);
            // Hyperliquid pays hourly.
            long gap = i == 0 ? times.get(1) - times.get(0) : times.get(i) - times.get(i - 1);
            BigDecimal rate = new BigDecimal(String.format("0.0000%04d", 100 + (i * 37) % 900));
            out.add(new FundingSettlement("BTC/USDT", venue.id(), times.get(i),
                    i % 7 == 3 ? rate.negate() : rate, (int) (gap / HOUR), null));
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(value = DerivativesVenue.class, names = {"BYBIT", "OKX", "HYPERLIQUID"})
    void fundingHistoryComesOnceInOrderWithItsIntervalThroughARateLimit(DerivativesVenue venue)
            throws Exception {
        List<FundingSettlement> series = series(venue);
        try (FakeDerivativesVenues fake = new FakeDerivativesVenues()) {
            fake.funding("BTC/USDT", series);
            fake.rateLimitNext(1);
            long start = T0 - 10 * 24 * HOUR;
            long end = series.get(series.size() - 1).fundingTime() + HOUR;
            ExchangeSplitReader reader = new ExchangeSplitReader(settings(venue, fake.baseUrl(),
                    fake.baseUrl(), URI.create("ws://127.0.0.1:9"), List.of("BTC/USDT"), start,
                    end), 1, System::currentTimeMillis, new UnregisteredMetricsGroup());
            List<MarketData> out = run(reader, List.of(new ExchangeSplit("BTC/USDT", 0,
                    ExchangeStream.FUNDING, start - 1, -1)), o -> o.size() >= series.size());
            assertThat(out).hasSize(series.size());
            // Exactly the venue's settlements: time, rate, venue, and the interval in force.
            assertThat(out).isEqualTo(series);
            reader.close();
            // The rate limit was waited out and asked again, not skipped.
            assertThat(fake.requests()).hasSizeGreaterThan(1);
        }
    }

    @Test
    void everyVenueSpeaksItsOwnRequests() throws Exception {
        try (FakeDerivativesVenues fake = new FakeDerivativesVenues()) {
            fake.funding("BTC/USDT", series(DerivativesVenue.OKX).subList(0, 5));
            for (DerivativesVenue v : List.of(DerivativesVenue.BYBIT, DerivativesVenue.OKX,
                    DerivativesVenue.HYPERLIQUID)) {
                ExchangeSplitReader reader = new ExchangeSplitReader(settings(v, fake.baseUrl(),
                        fake.baseUrl(), URI.create("ws://127.0.0.1:9"), List.of("BTC/USDT"), T0,
                        T0 + 2 * 24 * HOUR), 1, System::currentTimeMillis,
                        new UnregisteredMetricsGroup());
                run(reader, List.of(new ExchangeSplit("BTC/USDT", 0, ExchangeStream.FUNDING,
                        T0 - 1, -1)), o -> o.size() >= 5);
                reader.close();
            }
            assertThat(fake.requests()).anyMatch(r -> r.startsWith("GET /v5/market/funding/"
                    + "history?category=linear&symbol=BTCUSDT&startTime="))
                    .anyMatch(r -> r.startsWith("GET /api/v5/public/funding-rate-history?instId="
                            + "BTC-USDT-SWAP&before="))
                    .anyMatch(r -> r.startsWith("POST /info {\"type\":\"fundingHistory\","
                            + "\"coin\":\"BTC\",\"startTime\":"));
        }
    }

    /** A long liquidated and a short liquidated, in the model's convention (the order's side). */
    static List<Liquidation> longThenShort(DerivativesVenue venue, String symbol) {
        long now = System.currentTimeMillis();
        return List.of(
                new Liquidation(symbol, venue.id(), now, OrderSide.SELL, new BigDecimal("42000.5"),
                        BigDecimal.ZERO, new BigDecimal("0.25")),
                new Liquidation(symbol, venue.id(), now + 5, OrderSide.BUY,
                        new BigDecimal("42100.1"), BigDecimal.ZERO, new BigDecimal("1.5")));
    }

    @ParameterizedTest
    @EnumSource(value = DerivativesVenue.class, names = {"BYBIT", "OKX"})
    void aLongLiquidatedOnAnyVenueCountsAsALongLiquidation(DerivativesVenue venue)
            throws Exception {
        FakeBinanceStream.Venue wire = venue == DerivativesVenue.BYBIT
                ? FakeBinanceStream.Venue.BYBIT : FakeBinanceStream.Venue.OKX;
        try (FakeDerivativesVenues rest = new FakeDerivativesVenues();
                FakeBinanceStream stream = new FakeBinanceStream(wire)) {
            ExchangeSplitReader reader = new ExchangeSplitReader(settings(venue, rest.baseUrl(),
                    rest.baseUrl(), stream.baseUrl(), List.of("BTC/USDT"), T0, null), 1,
                    System::currentTimeMillis, new UnregisteredMetricsGroup());
            run(reader, List.of(new ExchangeSplit("BTC/USDT", 0, ExchangeStream.LIQUIDATIONS, 0,
                    -1)), o -> true);
            String topic = venue == DerivativesVenue.BYBIT ? "allLiquidation.BTCUSDT"
                    : "liquidation-orders:SWAP";
            List<MarketData> out = new ArrayList<>();
            Await.until("the subscription to " + topic, () -> {
                ExchangeSplitReaderTest.fetchOnce(reader, out);
                return stream.subscribed(topic);
            }, () -> stream.connectionsOpened() + " connections opened, " + stream.connections()
                    + " open, no subscription");
            // OKX's sizes are contracts: the reader must know them before it can read one, so
            // a first liquidation is pushed until one comes through (the pushes are counted for
            // the failure message).
            int[] pushed = {0};
            if (venue == DerivativesVenue.OKX) {
                Await.until("a first liquidation read (the contract sizes known)", () -> {
                    stream.push(longThenShort(venue, "BTC/USDT").get(0));
                    pushed[0]++;
                    // The fetch waits a while for records itself; no pause needed between.
                    ExchangeSplitReaderTest.fetchOnce(reader, out);
                    return !out.isEmpty();
                }, () -> pushed[0] + " pushed, none read");
            }
            // Whatever else of those first pushes is still on its way arrives now, then is set
            // aside. On a loaded machine one may come later still: those are older than 500 ms
            // when the two below are made, and told apart by their time.
            for (long quiet = System.currentTimeMillis() + 500;
                    System.currentTimeMillis() < quiet; ) {
                ExchangeSplitReaderTest.fetchOnce(reader, out);
            }
            out.clear();
            List<Liquidation> pushedNow = longThenShort(venue, "BTC/USDT");
            long since = pushedNow.get(0).time();
            for (Liquidation l : pushedNow) {
                stream.push(l);
            }
            out.addAll(run(reader, List.of(), o -> o.stream()
                    .filter(d -> d.eventTime() >= since).count() >= 2));
            List<Liquidation> got = out.stream().filter(d -> d.eventTime() >= since)
                    .map(Liquidation.class::cast).toList();
            assertThat(got).extracting(Liquidation::liquidatedPosition)
                    .containsExactly(PositionSide.LONG, PositionSide.SHORT);
            assertThat(got).extracting(Liquidation::venue).containsOnly(venue.id());
            assertThat(got.get(0).qty()).isEqualByComparingTo("0.25");
            assertThat(got.get(1).notionalUsd()).isEqualByComparingTo("63150.15");
            reader.close();
        }
    }

    @Test
    void twelveBybitSymbolsAreSubscribedInTwoRequestsAndAllOfThemTake() throws Exception {
        List<String> symbols = List.of("BTC/USDT", "ETH/USDT", "SOL/USDT", "XRP/USDT",
                "ADA/USDT", "DOGE/USDT", "AVAX/USDT", "DOT/USDT", "LINK/USDT", "LTC/USDT",
                "ATOM/USDT", "NEAR/USDT");
        try (FakeDerivativesVenues rest = new FakeDerivativesVenues();
                FakeBinanceStream stream = new FakeBinanceStream(FakeBinanceStream.Venue.BYBIT)) {
            ExchangeSplitReader reader = new ExchangeSplitReader(settings(DerivativesVenue.BYBIT,
                    rest.baseUrl(), rest.baseUrl(), stream.baseUrl(), symbols, T0, null), 1,
                    System::currentTimeMillis, new UnregisteredMetricsGroup());
            List<ExchangeSplit> splits = symbols.stream().map(s -> new ExchangeSplit(s, 0,
                    ExchangeStream.LIQUIDATIONS, 0, -1)).toList();
            run(reader, splits, o -> true);
            List<MarketData> out = new ArrayList<>();
            // Bybit takes at most 10 topics a request: two requests, sent one after the other.
            Await.until("all 12 subscribed", () -> {
                ExchangeSplitReaderTest.fetchOnce(reader, out);
                return symbols.stream().allMatch(s -> stream.subscribed("allLiquidation."
                        + s.replace("/", "")));
            }, () -> "subscribed: " + symbols.stream().filter(s -> stream.subscribed(
                    "allLiquidation." + s.replace("/", ""))).toList());
            reader.close();
        }
    }

    /**
     * Bybit refusing the one symbol's topic: the symbol is dropped (said once) and no socket is
     * held that cannot carry data; nothing is asked again in a loop.
     */
    @Test
    void aRefusedTopicOfTheOnlySymbolEndsItsSubscription() throws Exception {
        try (FakeDerivativesVenues rest = new FakeDerivativesVenues();
                FakeBinanceStream stream = new FakeBinanceStream(FakeBinanceStream.Venue.BYBIT)) {
            stream.refuseSubscriptions();
            ExchangeSplitReader reader = new ExchangeSplitReader(settings(DerivativesVenue.BYBIT,
                    rest.baseUrl(), rest.baseUrl(), stream.baseUrl(), List.of("BTC/USDT"), T0,
                    null), 1, System::currentTimeMillis, new UnregisteredMetricsGroup());
            run(reader, List.of(new ExchangeSplit("BTC/USDT", 0, ExchangeStream.LIQUIDATIONS, 0,
                    -1)), o -> true);
            // Not a healthy-looking socket carrying nothing: closed, and not opened again.
            Await.until("the refused socket closed", () -> {
                ExchangeSplitReaderTest.fetchOnce(reader, new ArrayList<>());
                return stream.connectionsOpened() >= 1
                        && !stream.subscribed("allLiquidation.BTCUSDT")
                        && stream.openConnections() == 0;
            }, () -> stream.connectionsOpened() + " opened, " + stream.openConnections()
                    + " open");
            // A window in which nothing more may happen (a slow machine only does less).
            Thread.sleep(3_000);
            assertThat(stream.connectionsOpened()).isEqualTo(1);
            reader.close();
        }
    }

    @Test
    void aBoundedRunEndsTheFundingOfASymbolTheVenueDoesNotList() throws Exception {
        try (FakeDerivativesVenues fake = new FakeDerivativesVenues()) {
            fake.unlist("BTC/USDT");
            ExchangeSplitReader reader = new ExchangeSplitReader(settings(DerivativesVenue.OKX,
                    fake.baseUrl(), fake.baseUrl(), URI.create("ws://127.0.0.1:9"),
                    List.of("BTC/USDT"), T0, T0 + 24 * HOUR), 1, System::currentTimeMillis,
                    new UnregisteredMetricsGroup());
            ExchangeSplit split = new ExchangeSplit("BTC/USDT", 0, ExchangeStream.FUNDING, T0 - 1,
                    -1);
            reader.handleSplitsChanges(new org.apache.flink.connector.base.source.reader
                    .splitreader.SplitsAddition<>(List.of(split)));
            Await.until("the end of split " + split.splitId(),
                    () -> reader.fetch().finishedSplits().contains(split.splitId()),
                    () -> fake.requests().size() + " requests: " + fake.requests());
            // Its list of swaps has none of BTC: the split ends without a funding request.
            assertThat(fake.requests()).singleElement().asString()
                    .startsWith("GET /api/v5/public/instruments?instType=SWAP");
            reader.close();
        }
    }

    @Test
    void hyperliquidHasNoLiquidationStreamToOpen() {
        ExchangeSourceSettings s = settings(DerivativesVenue.HYPERLIQUID, URI.create("http://x"),
                URI.create("http://x"), URI.create("ws://x"), List.of("BTC/USDT"), T0, null);
        assertThat(s.streams()).doesNotContain(ExchangeStream.LIQUIDATIONS)
                .contains(ExchangeStream.FUNDING);
        assertThat(DerivativesVenue.HYPERLIQUID.offersLiquidations()).isFalse();
    }

    @Test
    void aVenueRefusingTheRegionIsAskedRarelyAndTheSpotCandlesGoOn() throws Exception {
        try (FakeBinance spot = new FakeBinance(); FakeBinance futures = new FakeBinance();
                FakeBinanceStream stream = new FakeBinanceStream()) {
            var algo = BinanceKlineCsv.read("ALGOUSDT-1m-2024-02.csv.gz", "ALGO/USDT")
                    .subList(0, 300);
            spot.candles("ALGO/USDT", algo);
            // What fapi.binance.com answers a US IP, on REST and on the websocket.
            futures.script(ExchangeSplitReaderTest.FUNDING, new FakeBinance.Answer(451, Map.of(),
                    "{\"code\":0,\"msg\":\"Service unavailable from a restricted location "
                            + "according to 'b. Eligibility' in https://www.binance.com/en/terms. "
                            + "Please contact customer service if you believe you received this "
                            + "message in error.\"}", 0));
            stream.refuseHandshakes(451);
            long start = algo.get(0).openTime();
            MetricListener metrics = new MetricListener();
            ExchangeSplitReader reader = new ExchangeSplitReader(settings(
                    DerivativesVenue.BINANCE_USDM, spot.baseUrl(), futures.baseUrl(),
                    stream.baseUrl(), List.of("ALGO/USDT"), start, null), 1,
                    System::currentTimeMillis, metrics.getMetricGroup());
            List<MarketData> out = run(reader, List.of(
                    new ExchangeSplit("ALGO/USDT", 0, ExchangeStream.KLINES, start, -1),
                    new ExchangeSplit("ALGO/USDT", 0, ExchangeStream.FUNDING, start - 1, -1),
                    new ExchangeSplit("ALGO/USDT", 0, ExchangeStream.LIQUIDATIONS, 0, -1)),
                    o -> o.size() >= algo.size());
            assertThat(out).isEqualTo(algo); // the spot analyses get their candles
            // Both refusals happen first (the handshake on the stream's own thread), so the
            // window below counts what comes after them; fetching goes on meanwhile.
            Await.until("the funding request and the handshake refused", () -> {
                ExchangeSplitReaderTest.fetchOnce(reader, out);
                return futures.hits(ExchangeSplitReaderTest.FUNDING) >= 1
                        && stream.refusedHandshakes() >= 1;
            }, () -> futures.hits(ExchangeSplitReaderTest.FUNDING) + " funding requests, "
                    + stream.refusedHandshakes() + " handshakes refused");
            // Two more seconds of fetching: many polls, were the refusal retried like a 5xx.
            // A negative check: a slow machine polls less in the window, which can only make it
            // pass more easily, never fail a correct reader; so a short window is fine.
            for (long until = System.currentTimeMillis() + 2_000;
                    System.currentTimeMillis() < until; ) {
                ExchangeSplitReaderTest.fetchOnce(reader, out);
            }
            assertThat(out).noneMatch(d -> d instanceof FundingSettlement);
            assertThat(futures.hits(ExchangeSplitReaderTest.FUNDING)).isEqualTo(1);
            assertThat(stream.refusedHandshakes()).isEqualTo(1);
            assertThat(metrics.getCounter("split", ExchangeStream.FUNDING.id() + "-ALGO/USDT",
                    "rejectedRequests"))
                    .hasValueSatisfying(c -> assertThat(c.getCount()).isEqualTo(1));
            reader.close();
        }
    }
}
