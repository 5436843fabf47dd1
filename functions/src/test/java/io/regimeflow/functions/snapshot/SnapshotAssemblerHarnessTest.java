package io.regimeflow.functions.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.functions.snapshot.SnapshotAssembler.TimedPart;
import io.regimeflow.model.CascadeFeatures;
import io.regimeflow.model.Dominance;
import io.regimeflow.model.FeatureSnapshot;
import io.regimeflow.model.FundingFeatures;
import io.regimeflow.model.VolatilityFeatures;
import io.regimeflow.model.VolatilityRegime;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * A part whose hour's snapshot is already out goes into the next snapshot, not nowhere; an hour
 * keeps only the part of each analysis the snapshot can show.
 */
class SnapshotAssemblerHarnessTest {

    static final long H = 3_600_000L;
    static final long T0 = 1_704_067_200_000L;

    static StreamRecord<FeaturePart> volatility(long hourEnd) {
        return new StreamRecord<>(FeaturePart.of("BTC/USDT", new VolatilityFeatures(hourEnd,
                VolatilityRegime.STABLE, 0.02, 0.03, 0.66, 0.5, null, 0.7,
                VolatilityRegime.STABLE)), hourEnd);
    }

    static KeyedOneInputStreamOperatorTestHarness<String, FeaturePart, FeatureSnapshot> harness()
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, FeaturePart, FeatureSnapshot> h =
                new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                        new SnapshotAssembler()), FeaturePart::symbol, Types.STRING);
        ((SerializerConfigImpl) h.getExecutionConfig().getSerializerConfig())
                .setGenericTypes(false);
        return h;
    }

    static StreamRecord<FeaturePart> cascade(long windowEnd, int count) {
        return new StreamRecord<>(FeaturePart.of("BTC/USDT", new CascadeFeatures(windowEnd,
                1_000.0 * count, 600.0 * count, 400.0 * count, 4_000.0 * count, 1,
                Dominance.LONG, count, new double[0], new double[0])), windowEnd - 1);
    }

    /** The parts waiting for the hour ending at {@code hourEnd}, as the assembler keeps them. */
    static List<TimedPart> waiting(
            KeyedOneInputStreamOperatorTestHarness<String, FeaturePart, FeatureSnapshot> h,
            long hourEnd) throws Exception {
        h.getOperator().setCurrentKey("BTC/USDT");
        MapState<Long, List<TimedPart>> pending = h.getOperator().getKeyedStateBackend()
                .getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                        new MapStateDescriptor<>("pending-parts", Types.LONG,
                                Types.LIST(TypeInformation.of(TimedPart.class))));
        return pending.get(hourEnd);
    }

    @Test
    void anHourKeepsTheLatestCascadePartOnlyAndTheSnapshotShowsIt() throws Exception {
        try (var h = harness()) {
            h.open();
            for (int m = 1; m <= 60; m++) { // the cascade reports every minute of the hour
                h.processElement(cascade(T0 + m * 60_000L, m));
            }
            // A report of minute 30 arriving after minute 60's: older, it cannot show.
            h.processElement(cascade(T0 + 30 * 60_000L, 999));
            h.processElement(volatility(T0 + H - 1));

            List<TimedPart> bucket = waiting(h, T0 + H - 1);
            assertThat(bucket).extracting(tp -> tp.part().cascades() != null)
                    .containsExactlyInAnyOrder(true, false); // one cascade, one volatility
            h.processWatermark(new Watermark(T0 + H - 1));
            assertThat(h.extractOutputValues()).hasSize(1);
            CascadeFeatures shown = h.extractOutputValues().get(0).cascades();
            assertThat(shown.windowEnd()).isEqualTo(T0 + H); // minute 60's report, the latest
            assertThat(shown.liquidationCount()).isEqualTo(60);
        }
    }

    @Test
    void ofTwoReportsOfTheSameMinuteTheLaterArrivalShows() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement(cascade(T0 + H - 60_000L, 58));
            h.processElement(cascade(T0 + H - 60_000L, 59));
            h.processElement(volatility(T0 + H - 1));
            h.processWatermark(new Watermark(T0 + H - 1));
            assertThat(h.extractOutputValues().get(0).cascades().liquidationCount())
                    .isEqualTo(59);
        }
    }

    @Test
    void aLateFundingPartLandsInTheNextSnapshot() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement(volatility(T0 + H - 1));
            h.processWatermark(new Watermark(T0 + H - 1));
            assertThat(h.extractOutputValues()).hasSize(1);
            assertThat(h.extractOutputValues().get(0).funding()).isNull();

            // A settlement of 00:30 published after the 00:00-01:00 snapshot went out.
            FundingFeatures late = new FundingFeatures(T0 + H / 2, "binance-usdm", 0.0001, 8,
                    0.0000125, null, null, null, null, null);
            h.processElement(new StreamRecord<>(FeaturePart.of("BTC/USDT", late), T0 + H / 2));
            h.processElement(volatility(T0 + 2 * H - 1));
            h.processWatermark(new Watermark(T0 + 2 * H - 1));
            assertThat(h.extractOutputValues()).hasSize(2);
            assertThat(h.extractOutputValues().get(1).funding()).isEqualTo(late);
            assertThat(h.numKeyedStateEntries()).isEqualTo(2); // latest + folded-up-to
        }
    }
}
