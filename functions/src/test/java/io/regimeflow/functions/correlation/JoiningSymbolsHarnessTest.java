package io.regimeflow.functions.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.functions.snapshot.FeaturePart;
import io.regimeflow.model.CorrelationFeatures;
import io.regimeflow.model.HourlyPairCorrelation;
import io.regimeflow.model.PairCorrelation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Symbols that are not configured (they join the universe while the job runs) pair with every
 * symbol that has a return in the same hour, from the first hour both have one, and each such
 * pair is exactly what the calculator gives on that pair's aligned returns alone (spec §6).
 * The configured list is {@link PairShardsHarnessTest}'s; DOGE has returns from hour 10 and
 * stops after hour 25 (retired), AAVE has returns from hour 15.
 */
class JoiningSymbolsHarnessTest {

    static final List<String> CONFIGURED = PairShardsHarnessTest.UNIVERSE;
    static final String DOGE = "DOGE/USDT";
    static final String AAVE = "AAVE/USDT";
    /** Every symbol by the pair rule: configured order, then the others by name. */
    static final List<String> RANKED = List.of("BTC/USDT", "ETH/USDT", "SOL/USDT", "XRP/USDT",
            "ADA/USDT", AAVE, DOGE);
    static final int HOURS = PairShardsHarnessTest.HOURS;
    static final CorrelationSettings SMALL = PairShardsHarnessTest.SMALL;

    /** Symbol {@code i} of {@link #RANKED}'s return of hour {@code k}, null without one. */
    static Double ret(int i, int k) {
        String symbol = RANKED.get(i);
        if (symbol.equals(DOGE) && (k < 10 || k > 25) || symbol.equals(AAVE) && k < 15) {
            return null;
        }
        return PairShardsHarnessTest.ret(i, k);
    }

    /** Each pair through the calculator alone, in pair order then hour order. */
    static List<HourlyPairCorrelation> expected(int toHour) {
        PairCorrelationCalculator calc = new PairCorrelationCalculator(SMALL);
        List<HourlyPairCorrelation> out = new ArrayList<>();
        for (int i = 0; i < RANKED.size(); i++) {
            for (int j = i + 1; j < RANKED.size(); j++) {
                PairState st = PairState.empty(SMALL);
                for (int k = 1; k <= toHour; k++) {
                    Double a = ret(i, k);
                    Double b = ret(j, k);
                    if (a != null && b != null) {
                        long close = PairCorrelationFunctionHarnessTest.close(k);
                        out.add(HourlyPairCorrelation.of(close, calc.onAligned(st,
                                RANKED.get(i), RANKED.get(j), close, a, b).correlation()));
                    }
                }
            }
        }
        return PairShardsHarnessTest.byPairThenHour(out);
    }

    /** Hours {@code from..to}, every return routed by the job's fan-out, DOGE's first. */
    static void sendHours(
            KeyedOneInputStreamOperatorTestHarness<Integer, ShardReturn, HourlyPairCorrelation> h,
            ShardReturnFanOut fanOut, int from, int to) throws Exception {
        for (int k = from; k <= to; k++) {
            long close = PairCorrelationFunctionHarnessTest.close(k);
            for (int i = RANKED.size() - 1; i >= 0; i--) {
                Double r = ret(i, k);
                if (r == null) {
                    continue;
                }
                List<ShardReturn> routed = new ArrayList<>();
                fanOut.flatMap(new SymbolReturn(RANKED.get(i), close, r),
                        new ListCollector<>(routed));
                for (ShardReturn sr : routed) {
                    h.processElement(new StreamRecord<>(sr, close));
                }
            }
            h.processWatermark(new Watermark(close));
        }
    }

    static List<HourlyPairCorrelation> run(int shards) throws Exception {
        try (var h = PairCorrelationFunctionHarnessTest.harness(SMALL, CONFIGURED, shards)) {
            h.open();
            sendHours(h, new ShardReturnFanOut(new PairShards(CONFIGURED, shards)), 1, HOURS);
            assertThat(h.numEventTimeTimers()).isZero();
            return PairShardsHarnessTest.byPairThenHour(h.extractOutputValues());
        }
    }

    @Test
    void aJoiningSymbolPairsWithEveryOtherFromItsFirstReturnAsItsPairAlone() throws Exception {
        List<HourlyPairCorrelation> expected = expected(HOURS);
        // 10 configured pairs as before; DOGE's 5 pairs with configured symbols over hours
        // 10..25 and its pair with AAVE over 15..25; AAVE's 5 others over 15..30.
        assertThat(expected).hasSize(10 * HOURS - 4 * 2 + 5 * 16 + 11 + 5 * 16);
        for (int n : new int[] {1, 3, 32}) {
            List<HourlyPairCorrelation> out = run(n);
            assertThat(out).as("%d shards", n).isEqualTo(expected);
        }
        Map<String, Long> firstHour = new TreeMap<>();
        expected.forEach(p -> firstHour.merge(p.pair(), p.time(), Math::min));
        assertThat(firstHour.get("BTC/USDT~DOGE/USDT"))
                .isEqualTo(PairCorrelationFunctionHarnessTest.close(10));
        assertThat(firstHour.get("AAVE/USDT~DOGE/USDT"))
                .isEqualTo(PairCorrelationFunctionHarnessTest.close(15));
    }

    @Test
    void pairsAreNamedConfiguredFirstThenByName() throws Exception {
        List<String> names = run(32).stream().map(HourlyPairCorrelation::pair).distinct()
                .toList();
        // XRP is configured: before DOGE and AAVE whatever their names; the two joined
        // symbols pair in name order, AAVE first though DOGE joined first.
        assertThat(names).contains("XRP/USDT~DOGE/USDT", "XRP/USDT~AAVE/USDT",
                "ADA/USDT~AAVE/USDT", "AAVE/USDT~DOGE/USDT")
                .doesNotContain("DOGE/USDT~AAVE/USDT", "DOGE/USDT~XRP/USDT",
                        "AAVE/USDT~ADA/USDT")
                .hasSize(21);
        // An hour with only XRP of the configured symbols: its pairs with the joined ones
        // and theirs, each in the shard of its name.
        PairShards shards = new PairShards(CONFIGURED, 32);
        List<String> joined = new ArrayList<>();
        for (int s = 0; s < 32; s++) {
            for (PairShards.JoinedPair p : shards.joined(s, List.of(AAVE, DOGE),
                    new Double[] {null, null, null, 0.1, null})) {
                assertThat(PairShards.shardOf(p.name(), 32)).isEqualTo(s);
                assertThat(p.name()).isEqualTo(p.a() + "~" + p.b());
                joined.add(p.name());
            }
        }
        assertThat(joined).containsExactlyInAnyOrder("XRP/USDT~AAVE/USDT",
                "XRP/USDT~DOGE/USDT", "AAVE/USDT~DOGE/USDT");
    }

    /** A fixed list routes as before the universe: a return only to its pairs' shards. */
    @Test
    void aFixedListSendsEachReturnOnlyToTheShardsOfItsPairs() {
        PairShards fixed = new PairShards(CONFIGURED, 32, false);
        for (String s : CONFIGURED) {
            assertThat(fixed.reachedBy(s)).containsExactly(fixed.shardsOf(s))
                    .hasSizeLessThanOrEqualTo(CONFIGURED.size() - 1);
        }
        assertThat(new PairShards(CONFIGURED, 32, true).reachedBy(CONFIGURED.get(0)))
                .hasSize(32);
    }

    @Test
    void aUniverseInNameOrderKeepsEveryPairInNameOrder() {
        // A universe is configured sorted; AAVE joins while running and sorts before ADA: the
        // pair is named as it will be once AAVE is configured at the next start.
        PairShards shards = new PairShards(List.of("ADA/USDT", "BTC/USDT", "XRP/USDT"), 32);
        List<String> joined = new ArrayList<>();
        for (int s = 0; s < 32; s++) {
            for (PairShards.JoinedPair p : shards.joined(s, List.of(AAVE, DOGE),
                    new Double[] {0.1, 0.2, 0.3})) {
                assertThat(p.name()).isEqualTo(p.a() + "~" + p.b());
                joined.add(p.name());
            }
        }
        assertThat(joined).containsExactlyInAnyOrder("AAVE/USDT~ADA/USDT",
                "AAVE/USDT~BTC/USDT", "AAVE/USDT~XRP/USDT", "ADA/USDT~DOGE/USDT",
                "BTC/USDT~DOGE/USDT", "DOGE/USDT~XRP/USDT", "AAVE/USDT~DOGE/USDT");
    }

    @Test
    void aJoinedSymbolsPairsKeepTheirStateAcrossASnapshot() throws Exception {
        PairShards shards = new PairShards(CONFIGURED, 3);
        List<HourlyPairCorrelation> out = new ArrayList<>();
        OperatorSubtaskState snapshot;
        try (var h = PairCorrelationFunctionHarnessTest.harness(SMALL, CONFIGURED, 3)) {
            h.open();
            // Both joined symbols have pairs with a few hours of state behind them.
            sendHours(h, new ShardReturnFanOut(shards), 1, 18);
            out.addAll(h.extractOutputValues());
            snapshot = h.snapshot(1L, PairCorrelationFunctionHarnessTest.close(18));
        }
        try (var restored = PairCorrelationFunctionHarnessTest.harness(SMALL, CONFIGURED, 3)) {
            restored.initializeState(snapshot);
            restored.open();
            sendHours(restored, new ShardReturnFanOut(shards), 19, HOURS);
            out.addAll(restored.extractOutputValues());
        }
        List<HourlyPairCorrelation> all = PairShardsHarnessTest.byPairThenHour(out);
        assertThat(all).isEqualTo(expected(HOURS));
        // A pair that restarted empty would have no corr_7d for min-returns hours after it.
        assertThat(all).filteredOn(p -> p.pair().equals("AAVE/USDT~DOGE/USDT")
                && p.time() == PairCorrelationFunctionHarnessTest.close(19))
                .singleElement().satisfies(p -> assertThat(p.correlation().corr7d()).isNotNull());
    }

    @Test
    void joinedSymbolsHaveTheirPartsWhileTheyHavePairsAsIfConfigured() throws Exception {
        List<HourlyPairCorrelation> pairs = run(32);
        Map<Long, List<String>> symbolsByHour = new LinkedHashMap<>();
        List<FeaturePart> parts;
        try (var g = CorrelationGatherFunctionHarnessTest.harness(2, CONFIGURED)) {
            g.open();
            for (HourlyPairCorrelation p : pairs) {
                g.processElement(new StreamRecord<>(p, p.time()));
            }
            g.processWatermark(new Watermark(Long.MAX_VALUE));
            parts = g.extractOutputValues();
        }
        parts.forEach(p -> symbolsByHour.computeIfAbsent(p.correlations().time(),
                t -> new ArrayList<>()).add(p.symbol()));
        List<String> configuredSorted = CONFIGURED.stream().sorted().toList();
        assertThat(symbolsByHour.get(PairCorrelationFunctionHarnessTest.close(9)))
                .isEqualTo(configuredSorted);
        assertThat(symbolsByHour.get(PairCorrelationFunctionHarnessTest.close(12)))
                .containsExactly("ADA/USDT", "BTC/USDT", DOGE, "ETH/USDT", "SOL/USDT",
                        "XRP/USDT");
        assertThat(symbolsByHour.get(PairCorrelationFunctionHarnessTest.close(20)))
                .containsExactly(AAVE, "ADA/USDT", "BTC/USDT", DOGE, "ETH/USDT", "SOL/USDT",
                        "XRP/USDT");
        // Retired after hour 25: DOGE has no part and is in no other symbol's pairs.
        long hour26 = PairCorrelationFunctionHarnessTest.close(26);
        assertThat(symbolsByHour.get(hour26)).doesNotContain(DOGE).contains(AAVE);
        assertThat(parts).filteredOn(p -> p.correlations().time() >= hour26)
                .allSatisfy(p -> assertThat(p.correlations().pairs())
                        .noneMatch(c -> c.symbolA().equals(DOGE) || c.symbolB().equals(DOGE)));
        // Each hour's parts are those of a universe configured with every symbol.
        Map<Long, List<PairCorrelation>> byHour = pairs.stream().collect(Collectors.groupingBy(
                HourlyPairCorrelation::time, TreeMap::new, Collectors.mapping(
                        HourlyPairCorrelation::correlation, Collectors.toList())));
        for (FeaturePart part : parts) {
            long time = part.correlations().time();
            List<PairCorrelation> hour = byHour.get(time).stream()
                    .sorted(Comparator.comparing(PairCorrelation::pair)).toList();
            CorrelationFeatures asIfConfigured = CorrelationSummary.of(time, RANKED, hour, 2)
                    .get(part.symbol());
            assertThat(part.correlations()).as("%s at %d", part.symbol(), time)
                    .isEqualTo(asIfConfigured);
        }
        assertThat(parts).anySatisfy(p -> assertThat(p.correlations().leadingAsset())
                .isIn(AAVE, DOGE));
    }
}
