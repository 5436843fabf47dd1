package io.regimeflow.functions.cascade;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.functions.events.EventOutput;
import io.regimeflow.functions.snapshot.FeaturePart;
import io.regimeflow.model.CascadeFeatures;
import io.regimeflow.model.Liquidation;
import io.regimeflow.model.MarketEvent;
import io.regimeflow.model.OrderBook;
import io.regimeflow.model.OrderSide;
import io.regimeflow.model.PriceLevel;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The cascade operator in event time, with Flink's keyed two-input test harness. */
class CascadeFunctionHarnessTest {

    static final long M = 60_000L;
    static final long T0 = 1_704_067_200_000L; // 2024-01-01T00:00Z

    static KeyedTwoInputStreamOperatorTestHarness<String, Liquidation, BookLevels, FeaturePart>
            harness() throws Exception {
        return harness(CascadeSettings.defaults());
    }

    static KeyedTwoInputStreamOperatorTestHarness<String, Liquidation, BookLevels, FeaturePart>
            harness(CascadeSettings settings) throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(
                new CascadeFunction(settings)), Liquidation::symbol,
                BookLevels::symbol, Types.STRING);
        ((SerializerConfigImpl) h.getExecutionConfig().getSerializerConfig())
                .setGenericTypes(false);
        return h;
    }

    static StreamRecord<Liquidation> liq(long time, OrderSide side, String usd) {
        return liq("test", time, side, usd);
    }

    static StreamRecord<Liquidation> liq(String venue, long time, OrderSide side, String usd) {
        Liquidation l = new Liquidation("SOL/USDT", venue, time, side, new BigDecimal("100"),
                new BigDecimal("100"), new BigDecimal(usd).divide(new BigDecimal("100")));
        return new StreamRecord<>(l, time);
    }

    static List<CascadeFeatures> cascades(
            KeyedTwoInputStreamOperatorTestHarness<String, ?, ?, FeaturePart> h) {
        return h.extractOutputValues().stream().map(FeaturePart::cascades).toList();
    }

    @Test
    void aMinuteIsEvaluatedOnlyWhenTheWatermarkPassesItAndOutOfOrderInputCounts()
            throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement1(liq(T0 + 58 * M + 5, OrderSide.SELL, "50000")); // minute 58 first
            h.processElement1(liq(T0 + 56 * M + 10, OrderSide.SELL, "150000")); // then 56
            h.processBothWatermarks(new Watermark(
                    T0 + 57 * M - 2));
            ConcurrentLinkedQueue<StreamRecord<MarketEvent>> events =
                    h.getSideOutput(EventOutput.EVENTS);
            assertThat(events).isNull();

            // Minute 56 evaluated: 600k/h, severity 3, alerted at once.
            h.processBothWatermarks(new Watermark(
                    T0 + 57 * M - 1));
            events = h.getSideOutput(EventOutput.EVENTS);
            assertThat(events).hasSize(1);
            assertThat(events.peek().getValue().eventId())
                    .isEqualTo("LIQUIDATION_CASCADE:SOL/USDT:" + (T0 + 57 * M));

            // The window record waits for the hour's end: the snapshot shows the hour's latest.
            h.processBothWatermarks(new Watermark(
                    T0 + 59 * M - 1));
            assertThat(h.extractOutputValues()).isEmpty();
            h.processBothWatermarks(new Watermark(
                    T0 + 60 * M - 1));
            assertThat(cascades(h)).extracting(CascadeFeatures::windowEnd)
                    .containsExactly(T0 + 60 * M);
            assertThat(cascades(h)).extracting(CascadeFeatures::totalLiquidationUsd)
                    .containsExactly(200_000.0);
            assertThat(h.extractOutputValues().get(0).cascades()).isNotNull();
            assertThat(events).hasSize(1); // severity 3 once
        }
    }

    @Test
    void eachHourSendsItsLatestWindowRecordOnce() throws Exception {
        try (var h = harness()) {
            h.open();
            for (int m = 50; m < 70; m++) { // a cascade across the hour's end
                h.processElement1(liq(T0 + m * M, OrderSide.SELL, "1000"));
            }
            h.processBothWatermarks(new Watermark(
                    T0 + 120 * M));
            // 00:00-01:00: the window ending at 01:00 (minutes 45 to 59: ten of them); 01:00 to
            // 02:00: the empty window once the last minute (69) left, at 01:25.
            assertThat(cascades(h)).extracting(CascadeFeatures::windowEnd)
                    .containsExactly(T0 + 60 * M, T0 + 85 * M);
            assertThat(cascades(h)).extracting(CascadeFeatures::liquidationCount)
                    .containsExactly(10, 0);
            assertThat(h.getOutput().stream().filter(StreamRecord.class::isInstance)
                    .map(r -> ((StreamRecord<?>) r).getTimestamp()))
                    .containsExactly(T0 + 60 * M - 1, T0 + 120 * M - 1);
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aLiquidationBehindTheWatermarkIsCountedAsLateAndNotFoldedIn() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processBothWatermarks(new Watermark(
                    T0 + 5 * M));
            h.processElement1(liq(T0 + M, OrderSide.BUY, "1000000"));
            h.processBothWatermarks(new Watermark(
                    T0 + 30 * M));
            assertThat(h.extractOutputValues()).isEmpty();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void stateDrainsOnceTheWindowHasPassed() throws Exception {
        try (var h = harness()) {
            h.open();
            for (int m = 0; m < 10; m++) {
                h.processElement1(liq(T0 + m * M, OrderSide.SELL, "1000"));
            }
            h.processElement2(new StreamRecord<>(book(T0 + 3 * M), T0 + 3 * M));
            h.processBothWatermarks(new Watermark(
                    T0 + 59 * M));
            assertThat(h.extractOutputValues()).isEmpty();
            // Evaluated minute by minute until the window emptied, then once more, empty: the
            // hour's latest record, sent at the hour's end.
            h.processBothWatermarks(new Watermark(
                    T0 + 60 * M - 1));
            List<CascadeFeatures> out = cascades(h);
            assertThat(out).hasSize(1);
            assertThat(out.get(0).windowEnd()).isEqualTo(T0 + 25 * M);
            assertThat(out.get(0).totalLiquidationUsd()).isZero();
            assertThat(out.get(0).supportLevels()).isNotEmpty();
            assertThat(h.numEventTimeTimers()).isZero();
            // Only the small per-symbol state remains: no minute buckets, no pending books.
            assertThat(h.numKeyedStateEntries()).isEqualTo(1);
        }
    }

    @Test
    void aWindowLengthenedOverARestartKeepsTheMinutesItHad() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) { // 15 minutes
            h.open();
            for (int m = 40; m < 50; m++) {
                h.processElement1(liq(T0 + m * M, OrderSide.SELL, "1000"));
            }
            h.processBothWatermarks(new Watermark(
                    T0 + 50 * M - 1));
            snapshot = h.snapshot(1L, T0 + 50 * M);
        }
        CascadeSettings d = CascadeSettings.defaults();
        CascadeSettings thirty = new CascadeSettings(30, d.severityThresholds(),
                d.longDominance(), d.shortDominance(), d.bookBin(), d.eventMinSeverity(),
                d.refireMinutes());
        try (var restored = harness(thirty)) {
            restored.initializeState(snapshot);
            restored.open();
            restored.processElement1(liq(T0 + 59 * M, OrderSide.SELL, "1000"));
            restored.processBothWatermarks(new Watermark(
                    T0 + 60 * M - 1));
            // The window ending at 01:00 is minutes 30 to 59: the ten from before the restart
            // and minute 59 (a ring of the old 15 slots gave minute 59 minute 44's slot).
            assertThat(cascades(restored)).extracting(CascadeFeatures::liquidationCount)
                    .containsExactly(11);
        }
    }

    @Test
    void aStateKeptBeforeTheClosedMinutesMovedIsReadFromTheMinuteMap() throws Exception {
        List<FeaturePart> expected;
        List<StreamRecord<MarketEvent>> expectedEvents;
        try (var h = harness()) {
            h.open();
            cascadeUnderWay(h);
            h.processBothWatermarks(new Watermark(
                    T0 + 60 * M - 1));
            expected = h.extractOutputValues();
            expectedEvents = List.copyOf(h.getSideOutput(EventOutput.EVENTS));
        }
        try (var h = harness()) {
            h.open();
            cascadeUnderWay(h);
            // What a savepoint of the code before held: no closed minutes in the cascade's
            // state, the window's evaluated minutes still in the minute map.
            h.getOperator().setCurrentKey("SOL/USDT");
            var backend = h.getOperator().getKeyedStateBackend();
            ValueState<CascadeState> state = backend.getPartitionedState(VoidNamespace.INSTANCE,
                    VoidNamespaceSerializer.INSTANCE, new ValueStateDescriptor<>("cascade",
                            TypeInformation.of(CascadeState.class)));
            MapState<Long, MinuteBucket> minutes = backend.getPartitionedState(
                    VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                    new MapStateDescriptor<>("minute-buckets", Types.LONG,
                            TypeInformation.of(MinuteBucket.class)));
            CascadeState st = state.value();
            int moved = 0;
            for (long m = T0 / M; m < T0 / M + 60; m++) {
                MinuteBucket b = st.closed.get(m);
                if (b != null) {
                    minutes.put(m, b);
                    moved++;
                }
            }
            assertThat(moved).as("evaluated minutes in the window").isEqualTo(5);
            st.closed = null;
            state.update(st);

            h.processBothWatermarks(new Watermark(
                    T0 + 60 * M - 1));
            assertThat(h.extractOutputValues()).isEqualTo(expected);
            assertThat(List.copyOf(h.getSideOutput(EventOutput.EVENTS)))
                    .isEqualTo(expectedEvents);
            assertThat(h.numKeyedStateEntries()).as("no minute left behind in the map")
                    .isEqualTo(1);
        }
    }

    /** Minutes 40 to 44 evaluated, minutes 45 and 46 still open: a cascade under way. */
    static void cascadeUnderWay(
            KeyedTwoInputStreamOperatorTestHarness<String, Liquidation, BookLevels, FeaturePart> h)
            throws Exception {
        for (int m = 40; m < 47; m++) {
            h.processElement1(liq(T0 + m * M, OrderSide.SELL, m == 46 ? "900000" : "100000"));
        }
        h.processBothWatermarks(new Watermark(
                T0 + 45 * M - 1));
    }

    static BookLevels book(long time) {
        return BookLevels.of(new OrderBook("SOL/USDT", time,
                new PriceLevel[] {new PriceLevel(new BigDecimal("99.9"), new BigDecimal("5"))},
                new PriceLevel[] {new PriceLevel(new BigDecimal("100.1"), new BigDecimal("7"))}),
                0.001);
    }

    @Test
    void restoringFromASnapshotGivesTheSameOutputAsGoingOn() throws Exception {
        OperatorSubtaskState snapshot;
        List<FeaturePart> uninterrupted;
        List<StreamRecord<MarketEvent>> eventsUninterrupted;
        try (var h = harness()) {
            h.open();
            h.processElement1(liq(T0 + 10, OrderSide.SELL, "300000"));
            h.processElement1(liq(T0 + 3 * M, OrderSide.BUY, "200000"));
            h.processElement2(new StreamRecord<>(book(T0 + M), T0 + M));
            h.processBothWatermarks(new Watermark(
                    T0 + 2 * M - 1));
            snapshot = h.snapshot(1L, T0 + 2 * M);
            int before = h.extractOutputValues().size();
            h.processElement1(liq(T0 + 4 * M, OrderSide.SELL, "900000"));
            h.processBothWatermarks(new Watermark(
                    T0 + 60 * M));
            uninterrupted = h.extractOutputValues().subList(before, h.extractOutputValues()
                    .size());
            eventsUninterrupted = List.copyOf(h.getSideOutput(EventOutput.EVENTS));
        }
        try (var restored = harness()) {
            restored.initializeState(snapshot);
            restored.open();
            restored.processElement1(liq(T0 + 4 * M, OrderSide.SELL, "900000"));
            restored.processBothWatermarks(new Watermark(
                    T0 + 60 * M));
            assertThat(restored.extractOutputValues()).isEqualTo(uninterrupted);
            assertThat(uninterrupted).isNotEmpty();
            // The event after the snapshot: the 900k minute raises the severity to 4, once.
            assertThat(List.copyOf(restored.getSideOutput(EventOutput.EVENTS)))
                    .isEqualTo(eventsUninterrupted.subList(1, eventsUninterrupted.size()))
                    .hasSize(1);
        }
    }

    String cascadeDescription(String venue) throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement2(new StreamRecord<>(book(T0), T0));
            h.processElement1(liq(venue, T0 + M + 10, OrderSide.SELL, "150000"));
            h.processBothWatermarks(new Watermark(
                    T0 + 2 * M - 1));
            ConcurrentLinkedQueue<StreamRecord<MarketEvent>> events =
                    h.getSideOutput(EventOutput.EVENTS);
            assertThat(events).hasSize(1);
            return events.peek().getValue().description();
        }
    }

    @Test
    void theEventKnowsTheVenueAndThePriceStepOfTheBook() throws Exception {
        // The book quotes one decimal (99.9 / 100.1); liquidations come from Binance USD-M.
        assertThat(cascadeDescription("binance-usdm")).isEqualTo("150.0k USD liquidated in the"
                + " 15 minutes to 2024-01-01 00:02 UTC (600.0k USD/h), 100% of it longs"
                + " (long-dominated); support 99.9, resistance 100.1. Totals are lower bounds:"
                + " Binance USD-M sends at most one liquidation per symbol per second.");
        // Bybit's allLiquidation carries every liquidation: no lower-bound note.
        assertThat(cascadeDescription("bybit")).endsWith("support 99.9, resistance 100.1.");
    }
}
