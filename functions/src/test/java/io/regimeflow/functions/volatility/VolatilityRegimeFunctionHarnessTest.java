package io.regimeflow.functions.volatility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.regimeflow.functions.events.EventOutput;
import io.regimeflow.functions.snapshot.FeaturePart;
import io.regimeflow.model.BuiltCandle;
import io.regimeflow.model.MarketEvent;
import io.regimeflow.model.Severity;
import io.regimeflow.model.Timeframe;
import io.regimeflow.model.VolatilityFeatures;
import io.regimeflow.model.VolatilityRegime;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The volatility operator (spec §2) on closed 1h candles, through Flink's keyed harness. */
class VolatilityRegimeFunctionHarnessTest {

    static final long H = 3_600_000L;
    static final long T0 = 1_704_067_200_000L; // 2024-01-01T00:00Z
    static final String SYMBOL = "BTC/USDT";

    /**
     * Hourly log returns: 191 alternating +-1%, then -0.5%, +1.5% and -7%. With the spec's 24h
     * window and 168-hour minimum baseline, hour 192 is the first one out of warm-up.
     */
    static final double[] RETURNS = returns();
    static final double[] CLOSES = closes();

    static double[] returns() {
        double[] r = new double[195]; // r[k]: from close k-1 to close k; r[0] unused
        for (int k = 1; k <= 191; k++) {
            r[k] = k % 2 == 1 ? 0.01 : -0.01;
        }
        r[192] = -0.005;
        r[193] = 0.015;
        r[194] = -0.07;
        return r;
    }

    static double[] closes() {
        double[] c = new double[RETURNS.length];
        c[0] = 100;
        for (int k = 1; k < c.length; k++) {
            c[k] = c[k - 1] * Math.exp(RETURNS[k]);
        }
        return c;
    }

    static long close(int k) {
        return T0 + (k + 1) * H - 1;
    }

    static StreamRecord<BuiltCandle> candle(Timeframe tf, int k) {
        BigDecimal c = BigDecimal.valueOf(CLOSES[k]);
        long closeTime = T0 + k * H + tf.size().toMillis() - 1;
        return new StreamRecord<>(new BuiltCandle(SYMBOL, tf, T0 + k * H, closeTime, c, c, c, c,
                BigDecimal.ONE, BigDecimal.TEN, 1, BigDecimal.ZERO, BigDecimal.ZERO, tf.minutes(),
                true), closeTime);
    }

    static KeyedOneInputStreamOperatorTestHarness<String, BuiltCandle, FeaturePart> harness()
            throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                new VolatilityRegimeFunction(VolatilitySettings.defaults())), BuiltCandle::symbol,
                Types.STRING);
        ((SerializerConfigImpl) h.getExecutionConfig().getSerializerConfig())
                .setGenericTypes(false);
        return h;
    }

    static List<VolatilityFeatures> volatility(
            KeyedOneInputStreamOperatorTestHarness<String, ?, FeaturePart> h) {
        return h.extractOutputValues().stream().map(FeaturePart::volatility).toList();
    }

    static List<MarketEvent> events(KeyedOneInputStreamOperatorTestHarness<String, ?, ?> h) {
        List<MarketEvent> out = new ArrayList<>();
        var side = h.getSideOutput(EventOutput.EVENTS);
        if (side != null) {
            side.forEach(r -> out.add(r.getValue()));
        }
        return out;
    }

    /** volatility_24h of hour k: sample std of the returns of hours k-23..k, times sqrt(24). */
    static double vol24(int k) {
        double[] r = new double[24];
        double mean = 0;
        for (int i = 0; i < 24; i++) {
            r[i] = Math.log(CLOSES[k - 23 + i] / CLOSES[k - 24 + i]);
            mean += r[i] / 24;
        }
        double ss = 0;
        for (double x : r) {
            ss += (x - mean) * (x - mean);
        }
        return Math.sqrt(ss / 23) * Math.sqrt(24);
    }

    /** volatility_mean of hour k: the mean of volatility_24h of hours 24..k-1 (under 720). */
    static double baseline(int k) {
        double s = 0;
        for (int j = 24; j < k; j++) {
            s += vol24(j);
        }
        return s / (k - 24);
    }

    @Test
    void warmsUpFor168HoursThenReportsTheFirstRegimeQuietlyAndAChangeOncePastTheMargin()
            throws Exception {
        try (var h = harness()) {
            h.open();
            for (int k = 0; k <= 194; k++) {
                h.processElement(candle(Timeframe.H1, k));
                if (k % 4 == 0) {
                    h.processElement(candle(Timeframe.H4, k)); // not a 1h candle: ignored
                }
            }
            // One part per 1h candle, each answered at once: no timers, no watermark needed.
            List<VolatilityFeatures> out = volatility(h);
            assertThat(out).hasSize(195);
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(out.get(0).volatility24h()).isNull(); // no return yet
            // Hour 191 has volatility_24h but only 167 past values of it: still warming up.
            assertThat(out.get(191).regime()).isEqualTo(VolatilityRegime.WARMING_UP);
            assertThat(out.get(191).volatility24h()).isCloseTo(vol24(191), within(1e-12));
            assertThat(out.get(191).volRatio()).isNull();

            double[] ratio = new double[195];
            for (int k = 192; k <= 194; k++) {
                VolatilityFeatures v = out.get(k);
                assertThat(v.time()).isEqualTo(close(k));
                assertThat(v.volatility24h()).isCloseTo(vol24(k), within(1e-12));
                assertThat(v.volatilityMean()).isCloseTo(baseline(k), within(1e-12));
                ratio[k] = vol24(k) / baseline(k);
                assertThat(v.volRatio()).isCloseTo(ratio[k], within(1e-9));
            }
            // The inputs put hour 192 below 1.0, hour 193 in [1.0, 1.05), hour 194 past 1.575.
            assertThat(ratio[192]).isLessThan(1.0);
            assertThat(ratio[193]).isBetween(1.0, 1.05);
            assertThat(ratio[194]).isBetween(1.5 * 1.05, 2.5);

            assertThat(out.get(192).regime()).isEqualTo(VolatilityRegime.STABLE);
            assertThat(out.get(192).reportedRegime()).isEqualTo(VolatilityRegime.STABLE);
            assertThat(out.get(192).riskMultiplier()).isEqualTo(0.7);
            // Table regime HIGH_VOL, but not 5% past 1.0: the reported regime stays STABLE.
            assertThat(out.get(193).regime()).isEqualTo(VolatilityRegime.HIGH_VOL);
            assertThat(out.get(193).riskMultiplier()).isEqualTo(1.2);
            assertThat(out.get(193).reportedRegime()).isEqualTo(VolatilityRegime.STABLE);
            assertThat(out.get(194).regime()).isEqualTo(VolatilityRegime.EXPLOSIVE);
            assertThat(out.get(194).riskMultiplier()).isEqualTo(1.8);
            assertThat(out.get(194).reportedRegime()).isEqualTo(VolatilityRegime.EXPLOSIVE);

            List<MarketEvent> events = events(h);
            assertThat(events).hasSize(1);
            MarketEvent e = events.get(0);
            assertThat(e.eventId()).isEqualTo("VOLATILITY_REGIME_CHANGE:" + SYMBOL + ":"
                    + close(194));
            assertThat(e.title()).isEqualTo(SYMBOL + " volatility STABLE -> EXPLOSIVE");
            assertThat(e.severity()).isEqualTo(Severity.WARNING);
        }
    }

    @Test
    void theReturnsBaselineAndReportedRegimeSurviveASnapshot() throws Exception {
        OperatorSubtaskState snapshot;
        List<FeaturePart> uninterrupted;
        List<MarketEvent> uninterruptedEvents;
        try (var h = harness()) {
            h.open();
            for (int k = 0; k <= 192; k++) {
                h.processElement(candle(Timeframe.H1, k));
            }
            snapshot = h.snapshot(1L, close(192));
            int before = h.extractOutputValues().size();
            continueAfterSnapshot(h);
            uninterrupted = h.extractOutputValues().subList(before,
                    h.extractOutputValues().size());
            uninterruptedEvents = events(h);
        }
        try (var restored = harness()) {
            restored.initializeState(snapshot);
            restored.open();
            continueAfterSnapshot(restored);
            assertThat(restored.extractOutputValues()).isEqualTo(uninterrupted);
            assertThat(events(restored)).isEqualTo(uninterruptedEvents);
            // The repeated hour 192 was refused; 193 and 194 scored against the restored
            // 169-hour baseline, and STABLE, reported before the snapshot, moved to EXPLOSIVE.
            List<VolatilityFeatures> out = volatility(restored);
            assertThat(out).extracting(VolatilityFeatures::time)
                    .containsExactly(close(193), close(194));
            assertThat(out.get(0).volatilityMean()).isCloseTo(baseline(193), within(1e-12));
            assertThat(events(restored)).extracting(MarketEvent::title)
                    .containsExactly(SYMBOL + " volatility STABLE -> EXPLOSIVE");
        }
    }

    static void continueAfterSnapshot(
            KeyedOneInputStreamOperatorTestHarness<String, BuiltCandle, FeaturePart> h)
            throws Exception {
        h.processElement(candle(Timeframe.H1, 192)); // the last hour again: refused
        h.processElement(candle(Timeframe.H1, 193));
        h.processElement(candle(Timeframe.H1, 194));
    }
}
