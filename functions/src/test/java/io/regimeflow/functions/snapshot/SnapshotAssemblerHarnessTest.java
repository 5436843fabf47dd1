package io.regimeflow.functions.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.model.FeatureSnapshot;
import io.regimeflow.model.FundingFeatures;
import io.regimeflow.model.VolatilityFeatures;
import io.regimeflow.model.VolatilityRegime;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** A part whose hour's snapshot is already out goes into the next snapshot, not nowhere. */
class SnapshotAssemblerHarnessTest {

    static final long H = 3_600_000L;
    static final long T0 = 1_704_067_200_000L;

    static StreamRecord<FeaturePart> volatility(long hourEnd) {
        return new StreamRecord<>(FeaturePart.of("BTC/USDT", new VolatilityFeatures(hourEnd,
                VolatilityRegime.STABLE, 0.02, 0.03, 0.66, 0.5, null, 0.7,
                VolatilityRegime.STABLE)), hourEnd);
    }

    @Test
    void aLateFundingPartLandsInTheNextSnapshot() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, FeaturePart, FeatureSnapshot> h =
                new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                        new SnapshotAssembler()), FeaturePart::symbol, Types.STRING);
        ((SerializerConfigImpl) h.getExecutionConfig().getSerializerConfig())
                .setGenericTypes(false);
        try (h) {
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
