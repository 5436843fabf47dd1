package io.regimeflow.functions.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.functions.snapshot.FeaturePart;
import io.regimeflow.model.CorrelationFeatures;
import io.regimeflow.model.HourlyPairCorrelation;
import io.regimeflow.model.PairCorrelation;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The hour gatherer (spec §6 leading / lagging assets), through Flink's keyed test harness. */
class CorrelationGatherFunctionHarnessTest {

    static final long H = 3_600_000L;
    static final long T0 = 1_704_067_200_000L; // 2024-01-01T00:00Z
    static final String BTC = "BTC/USDT";
    static final String ETH = "ETH/USDT";
    static final String SOL = "SOL/USDT";
    static final List<String> UNIVERSE = List.of(BTC, ETH, SOL);

    static KeyedOneInputStreamOperatorTestHarness<Long, HourlyPairCorrelation, FeaturePart>
            harness() throws Exception {
        return harness(CorrelationSettings.DEFAULT_SNAPSHOT_PAIRS, UNIVERSE);
    }

    static KeyedOneInputStreamOperatorTestHarness<Long, HourlyPairCorrelation, FeaturePart> harness(
            int snapshotPairs, List<String> universe) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                new CorrelationGatherFunction(universe, snapshotPairs)),
                HourlyPairCorrelation::time, Types.LONG);
        ((SerializerConfigImpl) h.getExecutionConfig().getSerializerConfig())
                .setGenericTypes(false);
        return h;
    }

    static long close(int hour) {
        return T0 + hour * H - 1;
    }

    static PairCorrelation pair(String a, String b, double corr, String leader) {
        return new PairCorrelation(PairCorrelationCalculator.pairKey(a, b), a, b, corr, corr,
                false, 0.0, null, 0, leader);
    }

    static void send(
            KeyedOneInputStreamOperatorTestHarness<Long, HourlyPairCorrelation, FeaturePart> h,
            long closeTime, PairCorrelation p) throws Exception {
        h.processElement(new StreamRecord<>(HourlyPairCorrelation.of(closeTime, p), closeTime));
    }

    static final PairCorrelation BTC_ETH = pair(BTC, ETH, 0.9, BTC);
    static final PairCorrelation BTC_SOL = pair(BTC, SOL, 0.8, BTC);
    static final PairCorrelation ETH_SOL = pair(ETH, SOL, 0.7, null);

    @Test
    void anHourIsSummarisedPerSymbolOnlyOnceTheWatermarkPassesItsClose() throws Exception {
        try (var h = harness()) {
            h.open();
            // Hour 1's pairs out of order, and a pair of hour 2 before hour 1 is complete.
            send(h, close(1), ETH_SOL);
            send(h, close(2), pair(BTC, ETH, 0.5, ETH)); // hour 2: ETH leads BTC,
            send(h, close(1), BTC_SOL);
            send(h, close(2), pair(ETH, SOL, 0.5, SOL)); // SOL leads ETH: a tie
            send(h, close(1), BTC_ETH);
            send(h, close(2), pair(BTC, SOL, 0.5, null));

            h.processWatermark(new Watermark(close(1) - 1));
            assertThat(h.extractOutputValues()).isEmpty();

            h.processWatermark(new Watermark(close(1)));
            List<FeaturePart> out = h.extractOutputValues();
            assertThat(out).extracting(FeaturePart::symbol).containsExactly(BTC, ETH, SOL);
            // BTC leads two symbols, nobody else leads any: BTC leads, ETH and SOL lag.
            CorrelationFeatures btc = out.get(0).correlations();
            assertThat(btc).isEqualTo(new CorrelationFeatures(close(1),
                    new PairCorrelation[] {BTC_ETH, BTC_SOL}, BTC, new String[] {ETH, SOL}));
            assertThat(out.get(1).correlations()).isEqualTo(new CorrelationFeatures(close(1),
                    new PairCorrelation[] {BTC_ETH, ETH_SOL}, BTC, new String[] {ETH, SOL}));
            assertThat(out.get(2).correlations()).isEqualTo(new CorrelationFeatures(close(1),
                    new PairCorrelation[] {BTC_SOL, ETH_SOL}, BTC, new String[] {ETH, SOL}));
            assertThat(h.numEventTimeTimers()).isEqualTo(1); // hour 2 still waits

            h.processWatermark(new Watermark(close(2)));
            List<FeaturePart> hour2 = h.extractOutputValues().subList(3, 6);
            // ETH and SOL each lead one symbol: a tie, so no leading asset.
            assertThat(hour2).allSatisfy(p -> {
                assertThat(p.correlations().time()).isEqualTo(close(2));
                assertThat(p.correlations().leadingAsset()).isNull();
                assertThat(p.correlations().laggingAssets()).isEmpty();
                assertThat(p.correlations().pairs()).hasSize(2);
            });
            // Each hour's records are read once and dropped.
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void pairsGatheredBeforeASnapshotAreSummarisedAfterTheRestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            send(h, close(1), BTC_ETH);
            send(h, close(1), ETH_SOL);
            snapshot = h.snapshot(1L, close(1) - 1);
        }
        try (var restored = harness()) {
            restored.initializeState(snapshot);
            restored.open();
            send(restored, close(1), BTC_SOL);
            restored.processWatermark(new Watermark(close(1)));
            List<FeaturePart> out = restored.extractOutputValues();
            assertThat(out).extracting(FeaturePart::symbol).containsExactly(BTC, ETH, SOL);
            assertThat(out.get(0).correlations()).isEqualTo(new CorrelationFeatures(close(1),
                    new PairCorrelation[] {BTC_ETH, BTC_SOL}, BTC, new String[] {ETH, SOL}));
            assertThat(out.get(1).correlations().pairs()).containsExactly(BTC_ETH, ETH_SOL);
        }
    }
}
