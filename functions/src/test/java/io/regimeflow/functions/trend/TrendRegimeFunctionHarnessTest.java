package io.regimeflow.functions.trend;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.functions.snapshot.FeaturePart;
import io.regimeflow.model.BuiltCandle;
import io.regimeflow.model.RegimeFeatures;
import io.regimeflow.model.Timeframe;
import io.regimeflow.model.TrendRegime;
import java.math.BigDecimal;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.junit.jupiter.api.Test;

/** The trend combiner waits for the watermark and never sees candles of later hours. */
class TrendRegimeFunctionHarnessTest {

    static final long H = 3_600_000L;
    static final long T0 = 1_704_067_200_000L;

    static StreamRecord<BuiltCandle> candle(Timeframe tf, long open, double close) {
        BigDecimal c = BigDecimal.valueOf(close);
        long closeTime = open + tf.size().toMillis() - 1;
        return new StreamRecord<>(new BuiltCandle("BTC/USDT", tf, open, closeTime, c, c, c, c,
                BigDecimal.ONE, BigDecimal.valueOf(1000 + close), 1, BigDecimal.ZERO,
                BigDecimal.ZERO, tf.minutes(), true), closeTime);
    }

    @Test
    void eachHoursRecordHoldsExactlyTheCandlesClosedByItsEnd() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, BuiltCandle, FeaturePart> h =
                new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                        new TrendRegimeFunction(TrendSettings.defaults())), BuiltCandle::symbol,
                        Types.STRING);
        ((SerializerConfigImpl) h.getExecutionConfig().getSerializerConfig())
                .setGenericTypes(false);
        try (h) {
            h.open();
            // 20 rising hours, then a crash hour, all delivered before any watermark.
            for (int i = 0; i < 20; i++) {
                h.processElement(candle(Timeframe.H1, T0 + i * H, 100 + i));
            }
            h.processElement(candle(Timeframe.H1, T0 + 20 * H, 50));
            assertThat(h.extractOutputValues()).isEmpty();

            h.processWatermark(new Watermark(T0 + 20 * H - 1));
            RegimeFeatures at20 = h.extractOutputValues().get(19).regimes();
            assertThat(at20.time()).isEqualTo(T0 + 20 * H - 1);
            assertThat(at20.regime1h()).isEqualTo(TrendRegime.SPOT_IGNITION);

            h.processWatermark(new Watermark(T0 + 21 * H - 1));
            assertThat(h.extractOutputValues()).hasSize(21);
            assertThat(h.extractOutputValues().get(20).regimes().regime1h())
                    .isEqualTo(TrendRegime.SPOT_COOLING);
            assertThat(h.numKeyedStateEntries()).isEqualTo(1); // no candle left pending
        }
    }
}
