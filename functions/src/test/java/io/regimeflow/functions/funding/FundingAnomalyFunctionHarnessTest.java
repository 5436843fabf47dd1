package io.regimeflow.functions.funding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.regimeflow.functions.events.EventOutput;
import io.regimeflow.functions.snapshot.FeaturePart;
import io.regimeflow.model.EventType;
import io.regimeflow.model.FundingFeatures;
import io.regimeflow.model.FundingLevel;
import io.regimeflow.model.FundingSettlement;
import io.regimeflow.model.MarketEvent;
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

/** The funding operator (spec §3) per settlement, through Flink's keyed test harness. */
class FundingAnomalyFunctionHarnessTest {

    static final long H = 3_600_000L;
    static final long T0 = 1_704_067_200_000L; // 2024-01-01T00:00Z
    static final String SYMBOL = "BTC/USDT";

    static KeyedOneInputStreamOperatorTestHarness<String, FundingSettlement, FeaturePart>
            harness() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                new FundingAnomalyFunction(FundingSettings.defaults())),
                FundingSettlement::symbol, Types.STRING);
        ((SerializerConfigImpl) h.getExecutionConfig().getSerializerConfig())
                .setGenericTypes(false);
        return h;
    }

    static void send(KeyedOneInputStreamOperatorTestHarness<String, FundingSettlement, ?> h,
            long time, String rate, int intervalHours) throws Exception {
        h.processElement(new StreamRecord<>(new FundingSettlement(SYMBOL, "binance-usdm", time,
                new BigDecimal(rate), intervalHours, new BigDecimal("42000")), time));
    }

    static List<FundingFeatures> funding(
            KeyedOneInputStreamOperatorTestHarness<String, ?, FeaturePart> h) {
        return h.extractOutputValues().stream().map(FeaturePart::funding).toList();
    }

    static List<MarketEvent> events(KeyedOneInputStreamOperatorTestHarness<String, ?, ?> h) {
        List<MarketEvent> out = new ArrayList<>();
        var side = h.getSideOutput(EventOutput.EVENTS);
        if (side != null) {
            side.forEach(r -> out.add(r.getValue()));
        }
        return out;
    }

    /** Ten 8h settlements alternating 0.08% and 0.09% (hourly 0.0001 and 0.0001125). */
    static void tenWarmUpSettlements(
            KeyedOneInputStreamOperatorTestHarness<String, FundingSettlement, ?> h)
            throws Exception {
        for (int i = 0; i < 10; i++) {
            send(h, T0 + i * 8 * H, i % 2 == 0 ? "0.0008" : "0.0009", 8);
        }
    }

    static double mean(double[] xs) {
        double s = 0;
        for (double x : xs) {
            s += x;
        }
        return s / xs.length;
    }

    static double sampleStd(double[] xs) {
        double m = mean(xs);
        double ss = 0;
        for (double x : xs) {
            ss += (x - m) * (x - m);
        }
        return Math.sqrt(ss / (xs.length - 1));
    }

    @Test
    void ratesAreScoredOnTheHourlyScaleAndAnAnomalyFiresOnceWithoutAnyWatermark()
            throws Exception {
        try (var h = harness()) {
            h.open();
            tenWarmUpSettlements(h);
            // Fewer than 10 past settlements behind each of them: warming up, no z-score.
            assertThat(funding(h)).hasSize(10).allSatisfy(f -> {
                assertThat(f.extremeLevel()).isEqualTo(FundingLevel.WARMING_UP);
                assertThat(f.zScore()).isNull();
            });

            // The venue moves to 4h funding: 0.04% per 4h is the same 0.0001 an hour as before.
            long t10 = T0 + 80 * H;
            send(h, t10, "0.0004", 4);
            double[] history = {1e-4, 1.125e-4, 1e-4, 1.125e-4, 1e-4, 1.125e-4, 1e-4, 1.125e-4,
                1e-4, 1.125e-4};
            double expectedZ = (1e-4 - mean(history)) / sampleStd(history); // about -0.95
            FundingFeatures normal = funding(h).get(10);
            assertThat(normal.hourlyRate()).isCloseTo(1e-4, within(1e-15));
            assertThat(normal.intervalHours()).isEqualTo(4);
            assertThat(normal.zScore()).isCloseTo(expectedZ, within(1e-9));
            assertThat(normal.extremeLevel()).isEqualTo(FundingLevel.NORMAL);
            assertThat(normal.isAnomaly()).isFalse();
            assertThat(events(h)).isEmpty();

            // 0.4% per 4h = 0.001 an hour, ten times the usual.
            long t11 = t10 + 4 * H;
            send(h, t11, "0.004", 4);
            double[] history11 = new double[11];
            System.arraycopy(history, 0, history11, 0, 10);
            history11[10] = 1e-4;
            double z11 = (1e-3 - mean(history11)) / sampleStd(history11);
            FundingFeatures high = funding(h).get(11);
            assertThat(high.zScore()).isCloseTo(z11, within(1e-9)).isGreaterThan(2.0);
            assertThat(high.extremeLevel()).isEqualTo(FundingLevel.HIGH);
            assertThat(high.isAnomaly()).isTrue();
            // Settlements after t11 - 72h = 12h: the eight at 16h..72h, 80h and 84h, i.e. ten,
            // and only the current one is past |z| > 2.
            assertThat(high.persistenceScore()).isCloseTo(1.0 / 10, within(1e-12));
            // No earlier HIGH anomaly old enough: (0 + 1) / (0 + 2).
            assertThat(high.reversalProbability()).isEqualTo(0.5);
            assertThat(events(h)).extracting(MarketEvent::eventId)
                    .containsExactly("FUNDING_ANOMALY:" + SYMBOL + ":" + t11);

            // Still anomalous on the same side: no new event.
            send(h, t11 + 4 * H, "0.004", 4);
            assertThat(funding(h).get(12).extremeLevel()).isEqualTo(FundingLevel.HIGH);
            assertThat(events(h)).hasSize(1);
            // No timer involved: every settlement was answered as it came, without watermarks.
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aReversalNeedsThreeSameSignedRatesAndAZeroRateNeitherExtendsNorEndsTheRun()
            throws Exception {
        try (var h = harness()) {
            h.open();
            String[] rates = {"0.0001", "0", "0.0002", "-0.0001", // run of 2 ends: no reversal
                "-0.0001", "0", "-0.0002", "0.0003"};             // run of 3 ends: reversal
            for (int i = 0; i < rates.length; i++) {
                send(h, T0 + i * 8 * H, rates[i], 8);
            }
            List<MarketEvent> events = events(h);
            assertThat(events).extracting(MarketEvent::eventType)
                    .containsExactly(EventType.FUNDING_REVERSAL);
            assertThat(events.get(0).eventId())
                    .isEqualTo("FUNDING_REVERSAL:" + SYMBOL + ":" + (T0 + 7 * 8 * H));
            assertThat(events.get(0).description())
                    .endsWith(" after 3 negative settlements in a row.");
        }
    }

    @Test
    void historyAndTheSignRunSurviveASnapshotAndADuplicateIsStillRejected() throws Exception {
        OperatorSubtaskState snapshot;
        List<FeaturePart> uninterrupted;
        List<MarketEvent> uninterruptedEvents;
        long t10 = T0 + 80 * H;
        try (var h = harness()) {
            h.open();
            tenWarmUpSettlements(h); // ten positive rates in a row
            snapshot = h.snapshot(1L, t10);
            int before = h.extractOutputValues().size();
            continueAfterSnapshot(h, t10);
            uninterrupted = h.extractOutputValues().subList(before,
                    h.extractOutputValues().size());
            uninterruptedEvents = events(h);
        }
        try (var restored = harness()) {
            restored.initializeState(snapshot);
            restored.open();
            continueAfterSnapshot(restored, t10);
            assertThat(restored.extractOutputValues()).isEqualTo(uninterrupted);
            assertThat(events(restored)).isEqualTo(uninterruptedEvents);
            // The restored history scores at once (no new warm-up), the duplicate of the last
            // settlement before the snapshot produced nothing, and the ten-long positive run
            // makes the negative rate a reversal.
            List<FundingFeatures> out = funding(restored);
            assertThat(out).hasSize(2);
            assertThat(out.get(0).extremeLevel()).isEqualTo(FundingLevel.LOW);
            assertThat(events(restored)).extracting(MarketEvent::eventType)
                    .containsExactly(EventType.FUNDING_ANOMALY, EventType.FUNDING_REVERSAL);
            assertThat(events(restored).get(1).description()).contains("after 10 positive");
            assertThat(out.get(1).extremeLevel()).isNotEqualTo(FundingLevel.WARMING_UP);
        }
    }

    static void continueAfterSnapshot(
            KeyedOneInputStreamOperatorTestHarness<String, FundingSettlement, ?> h, long t10)
            throws Exception {
        send(h, T0 + 72 * H, "0.0009", 8); // the last settlement again: rejected
        send(h, t10, "-0.0008", 8);
        send(h, t10 + 8 * H, "0.0008", 8);
    }
}
