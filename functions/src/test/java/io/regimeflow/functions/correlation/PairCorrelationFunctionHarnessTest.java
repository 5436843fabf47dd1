package io.regimeflow.functions.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.regimeflow.functions.events.EventOutput;
import io.regimeflow.model.BreakSeverity;
import io.regimeflow.model.HourlyPairCorrelation;
import io.regimeflow.model.MarketEvent;
import io.regimeflow.model.PairCorrelation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The per-pair correlation operator (spec §6) in event time, through Flink's keyed harness. */
class PairCorrelationFunctionHarnessTest {

    static final long H = 3_600_000L;
    static final long T0 = 1_704_067_200_000L; // 2024-01-01T00:00Z
    static final String A = "BTC/USDT";
    static final String B = "ETH/USDT";
    static final String PAIR = A + "~" + B;

    /** Spec §6 thresholds, with the 168 / 720 / 48 hour windows shrunk to 4 / 12 / 3. */
    static final CorrelationSettings SMALL = new CorrelationSettings(4, 12, 3, 0.3, 0.5, 0.05);

    /** Hour k's returns: B moves with A for eight hours, then against it. */
    static final double[] RA = {0.01, -0.02, 0.03, -0.01, 0.02, -0.03, 0.01, -0.02, 0.03, -0.01,
        0.02, -0.03};
    static final double[] RB = {0.01, -0.02, 0.03, -0.01, 0.02, -0.03, 0.01, -0.02, -0.03, 0.01,
        -0.02, 0.03};

    static KeyedOneInputStreamOperatorTestHarness<Integer, ShardReturn, HourlyPairCorrelation>
            harness(CorrelationSettings settings) throws Exception {
        return harness(settings, List.of(A, B), 1);
    }

    static KeyedOneInputStreamOperatorTestHarness<Integer, ShardReturn, HourlyPairCorrelation>
            harness(CorrelationSettings settings, List<String> universe, int shards)
            throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                new PairCorrelationFunction(settings, new PairShards(universe, shards))),
                ShardReturn::shard, Types.INT);
        ((SerializerConfigImpl) h.getExecutionConfig().getSerializerConfig())
                .setGenericTypes(false);
        return h;
    }

    static long close(int hour) {
        return T0 + hour * H - 1;
    }

    static void send(
            KeyedOneInputStreamOperatorTestHarness<Integer, ShardReturn, HourlyPairCorrelation> h,
            boolean first, int hour, double r) throws Exception {
        h.processElement(new StreamRecord<>(new ShardReturn(0, first ? A : B, close(hour), r),
                close(hour)));
    }

    /** Both sides of hours {@code from..to} (1-based), B's before A's. */
    static void sendHours(
            KeyedOneInputStreamOperatorTestHarness<Integer, ShardReturn, HourlyPairCorrelation> h,
            int from, int to) throws Exception {
        for (int k = from; k <= to; k++) {
            send(h, false, k, RB[k - 1]);
            send(h, true, k, RA[k - 1]);
        }
    }

    static List<MarketEvent> events(KeyedOneInputStreamOperatorTestHarness<Integer, ?, ?> h) {
        List<MarketEvent> out = new ArrayList<>();
        var side = h.getSideOutput(EventOutput.EVENTS);
        if (side != null) {
            side.forEach(r -> out.add(r.getValue()));
        }
        return out;
    }

    /** Textbook Pearson correlation. */
    static double pearson(double[] x, double[] y) {
        double mx = Arrays.stream(x).average().orElseThrow();
        double my = Arrays.stream(y).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    /** The last {@code n} of the first {@code k} values. */
    static double[] last(double[] xs, int k, int n) {
        return Arrays.copyOfRange(xs, Math.max(0, k - n), k);
    }

    @Test
    void hoursAreAlignedByCloseTimeAndEvaluatedInOrderWhenTheWatermarkPassesThem()
            throws Exception {
        try (var h = harness(SMALL)) {
            h.open();
            // Hour 2 before hour 1, sides interleaved; hour 3 only has A's side.
            send(h, false, 2, RB[1]);
            send(h, true, 3, RA[2]);
            send(h, true, 1, RA[0]);
            send(h, true, 2, RA[1]);
            send(h, false, 1, RB[0]);
            send(h, true, 4, RA[3]);
            send(h, false, 4, RB[3]);
            assertThat(h.extractOutputValues()).isEmpty();

            h.processWatermark(new Watermark(close(1) - 1));
            assertThat(h.extractOutputValues()).isEmpty();
            h.processWatermark(new Watermark(close(1)));
            assertThat(h.extractOutputValues()).extracting(HourlyPairCorrelation::time)
                    .containsExactly(close(1));

            h.processWatermark(new Watermark(close(4)));
            // Hour 3 is dropped from the pair: three aligned hours, 1, 2 and 4.
            List<HourlyPairCorrelation> out = h.extractOutputValues();
            assertThat(out).extracting(HourlyPairCorrelation::time)
                    .containsExactly(close(1), close(2), close(4));
            assertThat(out.get(1).correlation().corr7d()).isNull(); // fewer than 3 returns
            double expected = pearson(new double[] {RA[0], RA[1], RA[3]},
                    new double[] {RB[0], RB[1], RB[3]});
            assertThat(out.get(2).correlation().corr7d()).isCloseTo(expected, within(1e-9));
            assertThat(h.numEventTimeTimers()).isZero();

            // B's return of hour 3 now is behind the watermark: refused, nothing scheduled.
            send(h, false, 3, RB[2]);
            h.processWatermark(new Watermark(close(6)));
            assertThat(h.extractOutputValues()).hasSize(3);
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aBreakIsFlaggedWhileItLastsButAnnouncedOnce() throws Exception {
        try (var h = harness(SMALL)) {
            h.open();
            sendHours(h, 1, 12);
            h.processWatermark(new Watermark(close(12)));
            List<HourlyPairCorrelation> out = h.extractOutputValues();
            assertThat(out).hasSize(12);
            int firstBreak = -1;
            for (int k = 3; k <= 12; k++) {
                PairCorrelation p = out.get(k - 1).correlation();
                double c7 = pearson(last(RA, k, 4), last(RB, k, 4));
                double c30 = pearson(last(RA, k, 12), last(RB, k, 12));
                boolean brk = c30 >= 0.3 && c7 < 0.5 * c30;
                assertThat(p.corr7d()).as("corr_7d of hour %d", k).isCloseTo(c7, within(1e-9));
                assertThat(p.corr30d()).as("corr_30d of hour %d", k)
                        .isCloseTo(c30, within(1e-9));
                assertThat(p.inBreak()).as("break at hour %d", k).isEqualTo(brk);
                if (brk) {
                    firstBreak = firstBreak < 0 ? k : firstBreak;
                    double drop = 1 - c7 / c30;
                    assertThat(p.drop()).isCloseTo(drop, within(1e-9));
                    assertThat(p.breakSeverity()).isEqualTo(drop >= 0.8 ? BreakSeverity.HIGH
                            : drop >= 0.65 ? BreakSeverity.MEDIUM : BreakSeverity.LOW);
                    assertThat(p.durationHours()).isEqualTo(k - firstBreak + 1);
                } else {
                    assertThat(p.durationHours()).isZero();
                }
            }
            // The inputs were chosen so that the break starts at hour 9 and lasts 3 hours.
            assertThat(firstBreak).isEqualTo(9);
            assertThat(out.get(10).correlation().durationHours()).isEqualTo(3);
            assertThat(out.get(11).correlation().inBreak()).isFalse();
            assertThat(events(h)).extracting(MarketEvent::eventId)
                    .containsExactly("CORRELATION_BREAK:" + PAIR + ":" + close(9));
        }
    }

    @Test
    void theWindowsAndAHalfAlignedHourSurviveASnapshot() throws Exception {
        OperatorSubtaskState snapshot;
        List<HourlyPairCorrelation> uninterrupted;
        List<MarketEvent> uninterruptedEvents;
        try (var h = harness(SMALL)) {
            h.open();
            sendHours(h, 1, 8);
            send(h, true, 9, RA[8]); // only A's side of hour 9 before the snapshot
            h.processWatermark(new Watermark(close(8)));
            snapshot = h.snapshot(1L, close(8));
            int before = h.extractOutputValues().size();
            send(h, false, 9, RB[8]);
            sendHours(h, 10, 10);
            h.processWatermark(new Watermark(close(10)));
            uninterrupted = h.extractOutputValues().subList(before,
                    h.extractOutputValues().size());
            uninterruptedEvents = events(h);
        }
        try (var restored = harness(SMALL)) {
            restored.initializeState(snapshot);
            restored.open();
            send(restored, false, 9, RB[8]);
            sendHours(restored, 10, 10);
            restored.processWatermark(new Watermark(close(10)));
            assertThat(restored.extractOutputValues()).isEqualTo(uninterrupted);
            assertThat(events(restored)).isEqualTo(uninterruptedEvents);
            // Hour 9 was aligned from both sides of the snapshot, against eight restored hours.
            List<HourlyPairCorrelation> out = restored.extractOutputValues();
            assertThat(out).extracting(HourlyPairCorrelation::time)
                    .containsExactly(close(9), close(10));
            assertThat(out.get(0).correlation().corr30d())
                    .isCloseTo(pearson(last(RA, 9, 12), last(RB, 9, 12)), within(1e-9));
            assertThat(events(restored)).extracting(MarketEvent::eventId)
                    .containsExactly("CORRELATION_BREAK:" + PAIR + ":" + close(9));
        }
    }

    @Test
    void withTheSpecWindowsCorr7dNeeds48AlignedHours() throws Exception {
        try (var h = harness(CorrelationSettings.defaults())) {
            h.open();
            for (int k = 1; k <= 48; k++) {
                double r = (k % 3 - 1) * 0.01 + k * 1e-4;
                send(h, true, k, r);
                send(h, false, k, 2 * r);
            }
            h.processWatermark(new Watermark(close(48)));
            List<HourlyPairCorrelation> out = h.extractOutputValues();
            assertThat(out).hasSize(48);
            assertThat(out.get(46).correlation().corr7d()).isNull();
            assertThat(out.get(47).correlation().corr7d()).isCloseTo(1.0, within(1e-9));
        }
    }
}
