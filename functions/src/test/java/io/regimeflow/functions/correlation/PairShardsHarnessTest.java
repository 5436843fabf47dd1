package io.regimeflow.functions.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.functions.events.MarketEvents;
import io.regimeflow.model.HourlyPairCorrelation;
import io.regimeflow.model.MarketEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The pair work keyed by shard of pairs gives, pair by pair, exactly what the calculator gives
 * on each pair's aligned returns on its own (spec §6), whatever the number of shards, and
 * keeps it across a snapshot.
 */
class PairShardsHarnessTest {

    static final List<String> UNIVERSE = List.of("BTC/USDT", "ETH/USDT", "SOL/USDT",
            "XRP/USDT", "ADA/USDT");
    static final CorrelationSettings SMALL = PairCorrelationFunctionHarnessTest.SMALL;
    static final int HOURS = 30;

    /** A deterministic return; XRP has no candle in hours 7 and 8 (not aligned then). */
    static Double ret(int symbol, int hour) {
        if (symbol == 3 && (hour == 7 || hour == 8)) {
            return null;
        }
        double market = Math.sin(hour * 0.7) * 0.02;
        double own = Math.cos(hour * (symbol + 1) * 1.3) * 0.01;
        return (symbol == 2 && hour > 20 ? -market : market) + own;
    }

    /** Each pair through the calculator alone, in pair order then hour order. */
    static List<HourlyPairCorrelation> expected(List<MarketEvent> events) {
        PairCorrelationCalculator calc = new PairCorrelationCalculator(SMALL);
        List<HourlyPairCorrelation> out = new ArrayList<>();
        for (int i = 0; i < UNIVERSE.size(); i++) {
            for (int j = i + 1; j < UNIVERSE.size(); j++) {
                PairState st = PairState.empty(SMALL);
                for (int k = 1; k <= HOURS; k++) {
                    Double a = ret(i, k);
                    Double b = ret(j, k);
                    if (a != null && b != null) {
                        var res = calc.onAligned(st, UNIVERSE.get(i), UNIVERSE.get(j),
                                PairCorrelationFunctionHarnessTest.close(k), a, b);
                        out.add(HourlyPairCorrelation.of(PairCorrelationFunctionHarnessTest
                                .close(k), res.correlation()));
                        if (res.enteredBreak()) {
                            events.add(MarketEvents
                                    .correlationBreak(res.correlation(),
                                            PairCorrelationFunctionHarnessTest.close(k),
                                            res.shortHours(), res.longHours()));
                        }
                    }
                }
            }
        }
        return out;
    }

    static void sendHours(
            KeyedOneInputStreamOperatorTestHarness<Integer, ShardReturn, HourlyPairCorrelation> h,
            PairShards shards, int from, int to) throws Exception {
        for (int k = from; k <= to; k++) {
            long close = PairCorrelationFunctionHarnessTest.close(k);
            // Symbols in reverse order: arrival order within an hour does not matter.
            for (int i = UNIVERSE.size() - 1; i >= 0; i--) {
                Double r = ret(i, k);
                if (r == null) {
                    continue;
                }
                for (int s : shards.shardsOf(UNIVERSE.get(i))) {
                    h.processElement(new StreamRecord<>(new ShardReturn(s, UNIVERSE.get(i),
                            close, r), close));
                }
            }
            h.processWatermark(new Watermark(close));
        }
    }

    static List<HourlyPairCorrelation> byPairThenHour(List<HourlyPairCorrelation> out) {
        return out.stream().sorted(Comparator.comparing(HourlyPairCorrelation::pair)
                .thenComparing(HourlyPairCorrelation::time)).toList();
    }

    @Test
    void everyShardCountGivesEachPairExactlyItsOwnCorrelations() throws Exception {
        List<MarketEvent> expectedEvents = new ArrayList<>();
        List<HourlyPairCorrelation> expected = byPairThenHour(expected(expectedEvents));
        assertThat(expected).hasSize(10 * HOURS - 4 * 2); // XRP's 4 pairs miss 2 hours
        for (int n : new int[] {1, 3, 32}) {
            PairShards shards = new PairShards(UNIVERSE, n);
            try (var h = PairCorrelationFunctionHarnessTest.harness(SMALL, UNIVERSE, n)) {
                h.open();
                sendHours(h, shards, 1, HOURS);
                assertThat(byPairThenHour(h.extractOutputValues())).as("%d shards", n)
                        .isEqualTo(expected);
                assertThat(PairCorrelationFunctionHarnessTest.events(h))
                        .containsExactlyInAnyOrderElementsOf(expectedEvents);
                assertThat(h.numEventTimeTimers()).isZero();
            }
        }
        assertThat(expectedEvents).isNotEmpty(); // SOL decouples after hour 20
    }

    @Test
    void theShardsStateSurvivesASnapshot() throws Exception {
        List<HourlyPairCorrelation> expected = byPairThenHour(expected(new ArrayList<>()));
        PairShards shards = new PairShards(UNIVERSE, 3);
        List<HourlyPairCorrelation> out = new ArrayList<>();
        OperatorSubtaskState snapshot;
        try (var h = PairCorrelationFunctionHarnessTest.harness(SMALL, UNIVERSE, 3)) {
            h.open();
            sendHours(h, shards, 1, 12);
            out.addAll(h.extractOutputValues());
            snapshot = h.snapshot(1L, PairCorrelationFunctionHarnessTest.close(12));
        }
        try (var restored = PairCorrelationFunctionHarnessTest.harness(SMALL, UNIVERSE, 3)) {
            restored.initializeState(snapshot);
            restored.open();
            sendHours(restored, shards, 13, HOURS);
            out.addAll(restored.extractOutputValues());
        }
        assertThat(byPairThenHour(out)).isEqualTo(expected);
    }

    @Test
    void aPairKeepsItsShardWhenASymbolIsAdded() {
        PairShards before = new PairShards(UNIVERSE.subList(0, 4), 32);
        PairShards after = new PairShards(UNIVERSE, 32);
        Map<String, Integer> shardOf = new HashMap<>();
        for (int s = 0; s < 32; s++) {
            for (PairShards.Pair p : before.of(s)) {
                shardOf.put(p.name(), s);
            }
        }
        assertThat(shardOf).hasSize(6);
        for (int s = 0; s < 32; s++) {
            for (PairShards.Pair p : after.of(s)) {
                if (shardOf.containsKey(p.name())) {
                    assertThat(shardOf.get(p.name())).as(p.name()).isEqualTo(s);
                }
            }
        }
        assertThat(after.shardsOf("DOGE/USDT")).isEmpty();
    }
}
