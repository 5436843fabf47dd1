package io.regimeflow.connectors.exchange.universe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.regimeflow.connectors.enumerator.SplitInventory;
import io.regimeflow.connectors.exchange.ExchangeSource;
import io.regimeflow.connectors.exchange.config.ExchangeSourceSettings;
import io.regimeflow.connectors.exchange.split.ExchangeSplit;
import io.regimeflow.connectors.exchange.split.ExchangeStream;
import io.regimeflow.model.Candle;
import io.regimeflow.testkit.BinanceKlineCsv;
import io.regimeflow.testkit.FakeBinance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.api.connector.source.mocks.MockSplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The universe's enumerator against a fake Binance on loopback whose listing changes between
 * readings: a listing gets its splits once, a delisting is retired (and told to its reader again
 * when the reader registers after a restore), a failed reading keeps the universe, and a restore
 * from the enumerator's checkpoint neither loses nor doubles a symbol.
 */
class UniverseEnumeratorTest {

    private static final String INFO = "/api/v3/exchangeInfo";
    private static final long START = 1_706_745_600_000L; // 2024-02-01, the candles' first
    private FakeBinance binance;
    private ExchangeSource source;

    @BeforeEach
    void setUp() throws Exception {
        binance = new FakeBinance();
        List<Candle> algo = BinanceKlineCsv.read("ALGOUSDT-1m-2024-02.csv.gz", "ALGO/USDT")
                .subList(0, 5);
        binance.candles("ALGO/USDT", algo)
                .candles("AVAX/USDT", BinanceKlineCsv.shifted(algo, 0, "AVAX/USDT"))
                // Another quote asset: never in a USDT universe.
                .candles("ALGO/BTC", BinanceKlineCsv.shifted(algo, 0, "ALGO/BTC"));
        ExchangeSourceSettings settings = ExchangeSourceSettings
                .builder(List.of(), algo.get(0).openTime())
                .spotUrl(binance.baseUrl())
                .universe(new SymbolUniverse("USDT", null, Duration.ofHours(1)))
                .build();
        source = new ExchangeSource(settings);
    }

    @AfterEach
    void tearDown() {
        binance.close();
    }

    @Test
    void aListingGetsItsSplitsOnceADelistingRetiresAndARestoreKeepsBoth() throws Throwable {
        SplitInventory<ExchangeSplit> checkpoint;
        try (MockSplitEnumeratorContext<ExchangeSplit> ctx = new MockSplitEnumeratorContext<>(2)) {
            SplitEnumerator<ExchangeSplit, SplitInventory<ExchangeSplit>> e =
                    source.createEnumerator(ctx);
            e.start();
            register(ctx, e, 0, 1);
            ctx.runPeriodicCallable(0);
            assertThat(symbolsAssigned(ctx)).containsExactlyInAnyOrder(
                    "ALGO/USDT", "AVAX/USDT");

            binance.candles("FIL/USDT", BinanceKlineCsv.shifted(
                    BinanceKlineCsv.read("ALGOUSDT-1m-2024-02.csv.gz", "FIL/USDT").subList(0, 3),
                    0, "FIL/USDT"));
            binance.delisted("AVAX/USDT", true);
            ctx.runPeriodicCallable(0);
            ctx.runPeriodicCallable(0); // a second reading of the same listing changes nothing
            assertThat(symbolsAssigned(ctx)).containsExactlyInAnyOrder(
                    "ALGO/USDT", "AVAX/USDT", "FIL/USDT");
            assertThat(splitIdsAssigned(ctx)).doesNotHaveDuplicates();
            // FIL joined while running: candles from the hour it joined in, not the start (they
            // would be late); the symbols of the first reading from the configured start.
            assertThat(klinesPosition(ctx, "FIL/USDT")).isEqualTo(
                    LiveEdge.firstMinute(System.currentTimeMillis(), START));
            assertThat(klinesPosition(ctx, "ALGO/USDT")).isEqualTo(START);
            assertThat(events(ctx)).containsExactly(
                    new UniverseEvent("AVAX/USDT", "no longer listed"));

            // A reading that fails keeps the universe as it is.
            binance.inject(INFO, FakeBinance.serverError());
            ctx.runPeriodicCallable(0);
            assertThat(events(ctx)).hasSize(1);
            checkpoint = roundTrip(e.snapshotState(1));
        }
        assertThat(checkpoint.roster().retired()).containsOnlyKeys("AVAX/USDT");
        assertThat(checkpoint.roster().indices()).containsOnlyKeys(
                "ALGO/USDT", "AVAX/USDT", "FIL/USDT");

        try (MockSplitEnumeratorContext<ExchangeSplit> ctx = new MockSplitEnumeratorContext<>(2)) {
            SplitEnumerator<ExchangeSplit, SplitInventory<ExchangeSplit>> e =
                    source.restoreEnumerator(ctx, checkpoint);
            e.start();
            register(ctx, e, 0, 1);
            // The readers' restored splits are not asked again; AVAX's owner hears it is retired.
            assertThat(events(ctx)).containsExactly(
                    new UniverseEvent("AVAX/USDT", "no longer listed"));
            ctx.runPeriodicCallable(0);
            assertThat(splitIdsAssigned(ctx)).isEmpty();

            binance.delisted("AVAX/USDT", false); // back: resumes from its cursors
            ctx.runPeriodicCallable(0);
            assertThat(splitIdsAssigned(ctx)).isEmpty();
            assertThat(events(ctx)).endsWith(new UniverseEvent("AVAX/USDT", null));
        }
    }

    /** A stream turned on between a checkpoint and its restore reaches the known symbols. */
    @Test
    void aStreamTurnedOnSinceTheCheckpointGetsItsSplitsForTheKnownSymbols() throws Throwable {
        SplitInventory<ExchangeSplit> checkpoint;
        try (MockSplitEnumeratorContext<ExchangeSplit> ctx = new MockSplitEnumeratorContext<>(2)) {
            SplitEnumerator<ExchangeSplit, SplitInventory<ExchangeSplit>> e =
                    withStreams(false).createEnumerator(ctx);
            e.start();
            register(ctx, e, 0, 1);
            ctx.runPeriodicCallable(0);
            assertThat(splitIdsAssigned(ctx)).hasSize(2)
                    .allMatch(id -> id.startsWith(ExchangeStream.KLINES.id() + "-"));
            checkpoint = roundTrip(e.snapshotState(1));
        }
        try (MockSplitEnumeratorContext<ExchangeSplit> ctx = new MockSplitEnumeratorContext<>(2)) {
            SplitEnumerator<ExchangeSplit, SplitInventory<ExchangeSplit>> e =
                    withStreams(true).restoreEnumerator(ctx, checkpoint);
            e.start();
            register(ctx, e, 0, 1);
            ctx.runPeriodicCallable(0);
            String depth = ExchangeStream.DEPTH.id() + "-";
            assertThat(splitIdsAssigned(ctx)).containsExactlyInAnyOrder(depth + "ALGO/USDT",
                    depth + "AVAX/USDT");
        }
    }

    private ExchangeSource withStreams(boolean depth) {
        return new ExchangeSource(ExchangeSourceSettings.builder(List.of(), START)
                .spotUrl(binance.baseUrl())
                .universe(new SymbolUniverse("USDT", null, Duration.ofHours(1)))
                .streams(depth, false, false).build());
    }

    @Test
    void aFirstReadingThatFailsWithNothingKnownFailsTheRun() throws Throwable {
        binance.inject(INFO, FakeBinance.serverError());
        try (MockSplitEnumeratorContext<ExchangeSplit> ctx = new MockSplitEnumeratorContext<>(1)) {
            SplitEnumerator<ExchangeSplit, SplitInventory<ExchangeSplit>> e =
                    source.createEnumerator(ctx);
            e.start();
            assertThatThrownBy(() -> ctx.runPeriodicCallable(0))
                    .hasStackTraceContaining("cannot read the universe of symbols")
                    .hasStackTraceContaining("127.0.0.1");
        }
    }

    private static void register(MockSplitEnumeratorContext<ExchangeSplit> ctx,
            SplitEnumerator<ExchangeSplit, ?> e, int... subtasks) {
        for (int s : subtasks) {
            ctx.registerReader(new ReaderInfo(s, "localhost"));
            e.addReader(s);
        }
    }

    private SplitInventory<ExchangeSplit> roundTrip(SplitInventory<ExchangeSplit> state)
            throws Exception {
        SimpleVersionedSerializer<SplitInventory<ExchangeSplit>> ser =
                source.getEnumeratorCheckpointSerializer();
        assertThat(ser.getVersion()).isEqualTo(2);
        SplitInventory<ExchangeSplit> back = ser.deserialize(ser.getVersion(),
                ser.serialize(state));
        assertThat(back).isEqualTo(state);
        return back;
    }

    private static List<String> splitIdsAssigned(MockSplitEnumeratorContext<ExchangeSplit> ctx) {
        List<String> ids = new ArrayList<>();
        for (SplitsAssignment<ExchangeSplit> a : ctx.getSplitsAssignmentSequence()) {
            a.assignment().forEach((subtask, splits) -> splits.forEach(s -> {
                assertThat(subtask).as(s.splitId()).isEqualTo(s.index() % 2);
                ids.add(s.splitId());
            }));
        }
        return ids;
    }

    private static long klinesPosition(MockSplitEnumeratorContext<ExchangeSplit> ctx,
            String symbol) {
        for (SplitsAssignment<ExchangeSplit> a : ctx.getSplitsAssignmentSequence()) {
            for (List<ExchangeSplit> splits : a.assignment().values()) {
                for (ExchangeSplit s : splits) {
                    if (s.splitId().equals("klines-" + symbol)) {
                        return s.position();
                    }
                }
            }
        }
        throw new AssertionError("no klines split of " + symbol + " assigned");
    }

    private static List<String> symbolsAssigned(MockSplitEnumeratorContext<ExchangeSplit> ctx) {
        return splitIdsAssigned(ctx).stream().filter(id -> id.startsWith("klines-"))
                .map(id -> id.substring("klines-".length())).toList();
    }

    private static List<SourceEvent> events(MockSplitEnumeratorContext<ExchangeSplit> ctx)
            throws Exception {
        List<SourceEvent> out = new ArrayList<>();
        for (Map.Entry<Integer, List<SourceEvent>> e : ctx.getSentSourceEvent().entrySet()) {
            out.addAll(e.getValue());
        }
        return out;
    }
}
