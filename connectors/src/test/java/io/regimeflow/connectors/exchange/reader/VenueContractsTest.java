package io.regimeflow.connectors.exchange.reader;

import io.regimeflow.connectors.exchange.derivatives.DerivativesVenue;
import io.regimeflow.connectors.exchange.derivatives.PerpetualLookup;
import io.regimeflow.connectors.exchange.split.ExchangeSplit;
import io.regimeflow.connectors.exchange.split.ExchangeStream;
import io.regimeflow.model.FundingSettlement;
import io.regimeflow.model.Liquidation;
import io.regimeflow.model.MarketData;
import io.regimeflow.model.OrderSide;
import io.regimeflow.testkit.Await;
import io.regimeflow.testkit.FakeBinance;
import io.regimeflow.testkit.FakeBinanceStream;
import io.regimeflow.testkit.FakeDerivativesVenues;
import io.regimeflow.testkit.VenueListings;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import static io.regimeflow.connectors.exchange.reader.ExchangeSplitReaderTest.fetchElements;
import static io.regimeflow.connectors.exchange.reader.ExchangeSplitReaderTest.fetchOnce;
import static io.regimeflow.connectors.exchange.reader.ExchangeSplitReaderTest.run;
import static io.regimeflow.connectors.exchange.reader.DerivativesVenuesTest.HOUR;
import static io.regimeflow.connectors.exchange.reader.DerivativesVenuesTest.T0;
import static io.regimeflow.connectors.exchange.reader.DerivativesVenuesTest.settings;
import static org.assertj.core.api.Assertions.assertThat;


/**
 * Coins whose perpetual is a multiple (SHIB, PEPE, BONK, FLOKI trade by the thousand:
 * {@code 1000SHIBUSDT}, {@code SHIB1000USDT}, {@code kSHIB}): each symbol reads the perpetual
 * its venue lists, and its liquidations come out per coin; a symbol the venue lists no
 * perpetual for is said once at start, and nothing is asked or subscribed for it.
 */
class VenueContractsTest {
    /** Binance USD-M's list of perpetuals. */
    private static final String USDM_EXCHANGE_INFO = "/fapi/v1/exchangeInfo";


    /** A venue's REST fake: Binance USD-M's is the Binance fake, the others' their own. */
    record Rest(URI url, Supplier<List<String>> requests, AutoCloseable fake) {
        static Rest of(DerivativesVenue venue, String symbol, List<FundingSettlement> funding)
                throws Exception {
            if (venue == DerivativesVenue.BINANCE_USDM) {
                FakeBinance f = new FakeBinance();
                if (symbol != null) {
                    f.funding(symbol, funding);
                }
                return new Rest(f.baseUrl(), f::requests, f);
            }
            FakeDerivativesVenues f = new FakeDerivativesVenues();
            if (symbol != null) {
                f.funding(symbol, funding);
            }
            return new Rest(f.baseUrl(), f::requests, f);
        }
    }

    /** Ten settlements of {@code symbol}, 8-hourly (hourly on Hyperliquid). */
    static List<FundingSettlement> funding(DerivativesVenue venue, String symbol) {
        int hours = venue == DerivativesVenue.HYPERLIQUID ? 1 : 8;
        List<FundingSettlement> out = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            out.add(new FundingSettlement(symbol, venue.id(), T0 + i * hours * HOUR,
                    new BigDecimal("0.000" + (100 + 7 * i)), hours, null));
        }
        return out;
    }

    /**
     * SHIB/USDT's funding, asked of the venue's real contract ({@code 1000SHIBUSDT},
     * {@code SHIB1000USDT}, {@code kSHIB}), comes under SHIB/USDT with its rates unchanged (a
     * rate is a fraction of the position, whatever the contract's size). It used to be asked for
     * {@code SHIBUSDT} (or {@code SHIB}), which the venue refuses, and nothing came.
     */
    @ParameterizedTest
    @EnumSource(value = DerivativesVenue.class, names = {"BINANCE_USDM", "BYBIT",
            "HYPERLIQUID"})
    void fundingOfAThousandCoinPerpetualComesUnderTheSpotSymbol(DerivativesVenue venue)
            throws Exception {
        List<FundingSettlement> series = funding(venue, "SHIB/USDT");
        Rest rest = Rest.of(venue, "SHIB/USDT", series);
        try (AutoCloseable closing = rest.fake()) {
            ExchangeSplitReader reader = new ExchangeSplitReader(settings(venue, rest.url(),
                    rest.url(), URI.create("ws://127.0.0.1:9"), List.of("SHIB/USDT"), T0,
                    T0 + 4 * 24 * HOUR), 1, System::currentTimeMillis,
                    new UnregisteredMetricsGroup());
            List<MarketData> out = run(reader, List.of(new ExchangeSplit("SHIB/USDT", 0,
                    ExchangeStream.FUNDING, T0 - 1, -1)), o -> o.size() >= series.size());
            reader.close();
            assertThat(out).isEqualTo(series);
            String contract = VenueListings.perpetual(venue.id(), "SHIB");
            assertThat(contract).isNotEqualTo("SHIBUSDT").isNotEqualTo("SHIB");
            assertThat(rest.requests().get()).as("asked of the venue's own contract")
                    .anyMatch(r -> r.contains("symbol=" + contract + "&")
                            || r.contains("\"coin\":\"" + contract + "\""))
                    .noneMatch(r -> r.contains("symbol=SHIBUSDT")
                            || r.contains("\"coin\":\"SHIB\""));
        }
    }

    /**
     * A mark price of {@code 1000SHIBUSDT} is the price of 1000 SHIB: it comes per coin, as the
     * liquidations of the same perpetual do (it came as the venue's, 1000 times the coin's).
     */
    @Test
    void theMarkPriceOfAThousandCoinPerpetualComesPerCoin() throws Exception {
        List<FundingSettlement> series = new ArrayList<>();
        for (FundingSettlement f : funding(DerivativesVenue.BINANCE_USDM, "SHIB/USDT")) {
            series.add(new FundingSettlement(f.symbol(), f.venue(), f.fundingTime(),
                    f.fundingRate(), f.intervalHours(), new BigDecimal("0.01350000")));
        }
        Rest rest = Rest.of(DerivativesVenue.BINANCE_USDM, "SHIB/USDT", series);
        try (AutoCloseable closing = rest.fake()) {
            ExchangeSplitReader reader = new ExchangeSplitReader(settings(
                    DerivativesVenue.BINANCE_USDM, rest.url(), rest.url(),
                    URI.create("ws://127.0.0.1:9"), List.of("SHIB/USDT"), T0, T0 + 4 * 24 * HOUR),
                    1, System::currentTimeMillis, new UnregisteredMetricsGroup());
            List<MarketData> out = run(reader, List.of(new ExchangeSplit("SHIB/USDT", 0,
                    ExchangeStream.FUNDING, T0 - 1, -1)), o -> o.size() >= series.size());
            reader.close();
            assertThat(out).hasSize(series.size()).allSatisfy(d -> assertThat(
                    ((FundingSettlement) d).markPrice()).isEqualByComparingTo("0.0000135"));
        }
    }

    /**
     * Liquidations of a thousand-coin perpetual, pushed as the venue sends them (a price of 1000
     * coins, a quantity in thousands), come as the spot pair's: per coin, in coins, the same
     * notional. Binance's is a real recorded 1000PEPEUSDT force order (2024-08-17). They used to
     * be subscribed as {@code pepeusdt@forceOrder}, which the venue accepts and never feeds.
     */
    @ParameterizedTest
    @EnumSource(value = DerivativesVenue.class, names = {"BINANCE_USDM", "BYBIT"})
    void liquidationsOfAThousandCoinPerpetualComePerCoin(DerivativesVenue venue)
            throws Exception {
        boolean binance = venue == DerivativesVenue.BINANCE_USDM;
        String symbol = binance ? "PEPE/USDT" : "SHIB/USDT";
        String contract = binance ? "1000PEPEUSDT" : "SHIB1000USDT";
        // As the venue writes it: 1000PEPEUSDT,1723896852473,BUY,0.0072271,0.0071810,21735
        Liquidation sent = binance
                ? new Liquidation(symbol, venue.id(), 1_723_896_852_473L, OrderSide.BUY,
                        new BigDecimal("0.0072271"), new BigDecimal("0.0071810"),
                        new BigDecimal("21735"))
                : new Liquidation(symbol, venue.id(), System.currentTimeMillis(),
                        OrderSide.SELL, new BigDecimal("0.012340"), BigDecimal.ZERO,
                        new BigDecimal("150000"));
        Liquidation expected = binance
                ? new Liquidation(symbol, venue.id(), 1_723_896_852_473L, OrderSide.BUY,
                        new BigDecimal("0.0000072271"), new BigDecimal("0.0000071810"),
                        new BigDecimal("21735000"))
                : new Liquidation(symbol, venue.id(), sent.time(), OrderSide.SELL,
                        new BigDecimal("0.00001234"), BigDecimal.ZERO,
                        new BigDecimal("150000000"));
        String topic = binance ? "1000pepeusdt@forceOrder" : "allLiquidation.SHIB1000USDT";
        Rest rest = Rest.of(venue, null, List.of());
        try (AutoCloseable closing = rest.fake();
                FakeBinanceStream stream = new FakeBinanceStream(binance
                        ? FakeBinanceStream.Venue.BINANCE : FakeBinanceStream.Venue.BYBIT)) {
            ExchangeSplitReader reader = new ExchangeSplitReader(settings(venue, rest.url(),
                    rest.url(), stream.baseUrl(), List.of(symbol), T0, null), 1,
                    System::currentTimeMillis, new UnregisteredMetricsGroup());
            reader.handleSplitsChanges(new SplitsAddition<>(List.of(new ExchangeSplit(symbol, 0,
                    ExchangeStream.LIQUIDATIONS, 0, -1))));
            List<MarketData> out = new ArrayList<>();
            Await.until("the subscription to " + topic, () -> {
                fetchOnce(reader, out);
                return stream.subscribed(topic);
            }, () -> stream.connectionsOpened() + " connections opened; requests "
                    + rest.requests().get());
            stream.pushAs(contract, sent);
            out.addAll(run(reader, List.of(), o -> !o.isEmpty()));
            reader.close();
            assertThat(out).singleElement().isInstanceOf(Liquidation.class);
            Liquidation got = (Liquidation) out.get(0);
            assertThat(got.symbol()).isEqualTo(symbol);
            assertThat(got.side()).isEqualTo(expected.side());
            assertThat(got.time()).isEqualTo(expected.time());
            assertThat(got.price()).isEqualByComparingTo(expected.price());
            assertThat(got.avgPrice()).isEqualByComparingTo(expected.avgPrice());
            assertThat(got.qty()).isEqualByComparingTo(expected.qty());
            Liquidation asSent = new Liquidation(symbol, venue.id(), sent.time(), sent.side(),
                    sent.price(), sent.avgPrice(), sent.qty());
            assertThat(got.notionalUsd()).isEqualByComparingTo(asSent.notionalUsd());
        }
    }

    /**
     * A symbol the venue lists no perpetual for, with two readers as at parallelism 2: one line
     * names it and the venue (not one per reader, not one per retry), no request ever names it,
     * and a bounded run ends its funding split at once; the other symbol's funding comes. It
     * used to be asked for every 5 minutes, refused each time.
     */
    @ParameterizedTest
    @EnumSource(DerivativesVenue.class)
    void aSymbolWithoutAPerpetualIsSaidOnceAndNeverAsked(DerivativesVenue venue)
            throws Exception {
        List<FundingSettlement> btc = funding(venue, "BTC/USDT");
        Rest rest = Rest.of(venue, "BTC/USDT", btc);
        List<String> symbols = List.of("BTC/USDT", "NOPE/USDT");
        try (AutoCloseable closing = rest.fake();
                LogLines log = new LogLines(PerpetualLookup.class)) {
            List<ExchangeSplitReader> readers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                readers.add(new ExchangeSplitReader(settings(venue, rest.url(), rest.url(),
                        URI.create("ws://127.0.0.1:9"), symbols, T0, T0 + 4 * 24 * HOUR), 2,
                        System::currentTimeMillis, new UnregisteredMetricsGroup()));
            }
            ExchangeSplit nope = new ExchangeSplit("NOPE/USDT", 1, ExchangeStream.FUNDING, T0 - 1,
                    -1);
            readers.get(1).handleSplitsChanges(new SplitsAddition<>(List.of(nope)));
            Set<String> finished = new HashSet<>();
            Await.until("the end of " + nope.splitId(), () -> {
                finished.addAll(fetchElements(readers.get(1), (id, e) -> { }));
                return finished.contains(nope.splitId());
            }, () -> "requests " + rest.requests().get());
            List<MarketData> out = run(readers.get(0), List.of(new ExchangeSplit("BTC/USDT", 0,
                    ExchangeStream.FUNDING, T0 - 1, -1)), o -> o.size() >= btc.size());
            readers.forEach(ExchangeSplitReader::close);
            assertThat(out).isEqualTo(btc);
            assertThat(rest.requests().get()).noneMatch(r -> r.toUpperCase().contains("NOPE"));
            assertThat(log.containing("NOPE/USDT")).containsExactly("WARN derivatives venue "
                    + venue.id() + " (127.0.0.1) lists no perpetual for NOPE/USDT: no funding "
                    + "and no liquidations for it; the other symbols and the spot analyses go "
                    + "on");
        }
    }

    /**
     * A live run: the liquidation stream carries the symbols with a perpetual and subscribes
     * none for one without (Binance's fake, like Bybit's, would accept the topic and never feed
     * it); its funding split stays idle and is never asked for.
     */
    @ParameterizedTest
    @EnumSource(value = DerivativesVenue.class, names = {"BINANCE_USDM", "BYBIT"})
    void noSubscriptionIsHeldForASymbolWithoutAPerpetual(DerivativesVenue venue)
            throws Exception {
        boolean binance = venue == DerivativesVenue.BINANCE_USDM;
        List<String> symbols = List.of("BTC/USDT", "NOPE/USDT");
        Rest rest = Rest.of(venue, "BTC/USDT", funding(venue, "BTC/USDT"));
        try (AutoCloseable closing = rest.fake();
                FakeBinanceStream stream = new FakeBinanceStream(binance
                        ? FakeBinanceStream.Venue.BINANCE : FakeBinanceStream.Venue.BYBIT)) {
            ExchangeSplitReader reader = new ExchangeSplitReader(settings(venue, rest.url(),
                    rest.url(), stream.baseUrl(), symbols, T0, null), 1,
                    System::currentTimeMillis, new UnregisteredMetricsGroup());
            List<ExchangeSplit> splits = new ArrayList<>();
            for (String s : symbols) {
                splits.add(new ExchangeSplit(s, 0, ExchangeStream.LIQUIDATIONS, 0, -1));
                splits.add(new ExchangeSplit(s, 0, ExchangeStream.FUNDING, T0 - 1, -1));
            }
            reader.handleSplitsChanges(new SplitsAddition<>(splits));
            String btc = binance ? "btcusdt@forceOrder" : "allLiquidation.BTCUSDT";
            String nope = binance ? "nopeusdt@forceOrder" : "allLiquidation.NOPEUSDT";
            List<MarketData> out = new ArrayList<>();
            Await.until("BTC/USDT's subscription and its funding", () -> {
                fetchOnce(reader, out);
                return stream.subscribed(btc) && out.size() >= 10;
            }, () -> "subscribed " + btc + ": " + stream.subscribed(btc) + ", " + out.size()
                    + " records");
            reader.close();
            assertThat(stream.subscribed(nope)).as("a subscription that cannot carry data")
                    .isFalse();
            assertThat(stream.connectionsOpened()).isEqualTo(1);
            assertThat(rest.requests().get()).noneMatch(r -> r.toUpperCase().contains("NOPE"));
            assertThat(out).allMatch(d -> ((FundingSettlement) d).symbol().equals("BTC/USDT"));
        }
    }

    /**
     * Bybit's list in pages: the contract on a later page is found (SHIB1000USDT here comes
     * after the first five), every page asked once, with the cursor of the one before.
     */
    @Test
    void bybitsListIsReadToItsLastPage() throws Exception {
        List<FundingSettlement> series = funding(DerivativesVenue.BYBIT, "SHIB/USDT");
        try (FakeDerivativesVenues fake = new FakeDerivativesVenues()) {
            fake.funding("SHIB/USDT", series).instrumentsPageSize(5);
            ExchangeSplitReader reader = new ExchangeSplitReader(settings(DerivativesVenue.BYBIT,
                    fake.baseUrl(), fake.baseUrl(), URI.create("ws://127.0.0.1:9"),
                    List.of("SHIB/USDT"), T0, T0 + 4 * 24 * HOUR), 1,
                    System::currentTimeMillis, new UnregisteredMetricsGroup());
            List<MarketData> out = run(reader, List.of(new ExchangeSplit("SHIB/USDT", 0,
                    ExchangeStream.FUNDING, T0 - 1, -1)), o -> o.size() >= series.size());
            reader.close();
            assertThat(out).isEqualTo(series);
            List<String> pages = fake.requests().stream()
                    .filter(r -> r.startsWith("GET /v5/market/instruments-info")).toList();
            assertThat(pages).hasSize((VenueListings.COINS.size() + 3 + 4) / 5);
            assertThat(pages.get(0)).doesNotContain("cursor=");
            assertThat(pages.subList(1, pages.size())).allMatch(r -> r.contains("cursor="));
        }
    }

    /**
     * A host that does not serve the venue's list (a proxy forwarding funding only: 404): one
     * line says so, and each symbol reads its plain perpetual as before.
     */
    @Test
    void withoutItsListEachSymbolReadsItsPlainPerpetual() throws Exception {
        List<FundingSettlement> btc = funding(DerivativesVenue.BINANCE_USDM, "BTC/USDT");
        try (FakeBinance fake = new FakeBinance();
                LogLines log = new LogLines(PerpetualLookup.class)) {
            fake.funding("BTC/USDT", btc);
            fake.script(USDM_EXCHANGE_INFO, new FakeBinance.Answer(404, Map.of(),
                    "<html><body><h2>404 Not found</h2></body></html>", 0));
            ExchangeSplitReader reader = new ExchangeSplitReader(settings(
                    DerivativesVenue.BINANCE_USDM, fake.baseUrl(), fake.baseUrl(),
                    URI.create("ws://127.0.0.1:9"), List.of("BTC/USDT"), T0,
                    T0 + 4 * 24 * HOUR), 1, System::currentTimeMillis,
                    new UnregisteredMetricsGroup());
            List<MarketData> out = run(reader, List.of(new ExchangeSplit("BTC/USDT", 0,
                    ExchangeStream.FUNDING, T0 - 1, -1)), o -> o.size() >= btc.size());
            reader.close();
            assertThat(out).isEqualTo(btc);
            assertThat(fake.hits(USDM_EXCHANGE_INFO)).isEqualTo(1);
            assertThat(log.containing("list of perpetuals cannot be read")).singleElement()
                    .asString().contains("HTTP 404").contains("BTCUSDT");
        }
    }
}
