package io.regimeflow.functions.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.model.BreakSeverity;
import io.regimeflow.model.CorrelationFeatures;
import io.regimeflow.model.PairCorrelation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A symbol's correlation part in a universe of 8 symbols (28 pairs, 7 per symbol): its pairs in
 * break and its strongest pairs, not all its pairs; the leader from all the pairs.
 */
class CorrelationSummaryTest {

    static final List<String> UNIVERSE = List.of("S0/USDT", "S1/USDT", "S2/USDT", "S3/USDT",
            "S4/USDT", "S5/USDT", "S6/USDT", "S7/USDT");

    static String s(int i) {
        return UNIVERSE.get(i);
    }

    /**
     * Every pair (i, j) with corr_30d = (i + j) / 20, negative when i + j is odd; S0~S1 in break
     * (weakest of S0's pairs), S2~S3 without corr_30d yet; S0 leads S1, S2 and S3, S4 leads S5.
     */
    static List<PairCorrelation> hour() {
        List<PairCorrelation> pairs = new ArrayList<>();
        for (int i = 0; i < UNIVERSE.size(); i++) {
            for (int j = i + 1; j < UNIVERSE.size(); j++) {
                double c = (i + j) / 20.0 * ((i + j) % 2 == 0 ? 1 : -1);
                boolean inBreak = i == 0 && j == 1;
                String leader = i == 0 && j <= 3 ? s(0) : i == 4 && j == 5 ? s(4) : null;
                pairs.add(new PairCorrelation(PairCorrelationCalculator.pairKey(s(i), s(j)),
                        s(i), s(j), c / 4, i == 2 && j == 3 ? null : c, inBreak,
                        inBreak ? 0.75 : null, inBreak ? BreakSeverity.HIGH : null,
                        inBreak ? 2 : 0, leader));
            }
        }
        return pairs;
    }

    static List<String> pairNames(CorrelationFeatures f) {
        return List.of(f.pairs()).stream().map(PairCorrelation::pair).toList();
    }

    @Test
    void aSymbolKeepsItsBreaksAndItsStrongestPairsInPairOrder() {
        Map<String, CorrelationFeatures> parts = CorrelationSummary.of(7L, UNIVERSE, hour(), 3);
        assertThat(parts).containsOnlyKeys(UNIVERSE);
        // S0's pairs by |corr_30d|: S0~S7 0.35, S0~S6 0.30, S0~S5 0.25, ... S0~S1 0.05 in break.
        assertThat(pairNames(parts.get(s(0)))).containsExactly("S0/USDT~S1/USDT",
                "S0/USDT~S5/USDT", "S0/USDT~S6/USDT", "S0/USDT~S7/USDT");
        // S3: S3~S7 0.5, S3~S6 -0.45 (by magnitude), S3~S5 0.4; S2~S3 has no corr_30d yet.
        assertThat(pairNames(parts.get(s(3)))).containsExactly("S3/USDT~S5/USDT",
                "S3/USDT~S6/USDT", "S3/USDT~S7/USDT");
        // Every symbol's part: the same leader, from all 28 pairs: S0 leads three.
        assertThat(parts.values()).allSatisfy(f -> {
            assertThat(f.time()).isEqualTo(7L);
            assertThat(f.leadingAsset()).isEqualTo(s(0));
            assertThat(f.laggingAssets()).containsExactly(s(1), s(2), s(3));
        });
        assertThat(parts.get(s(1)).pairs()[0].inBreak()).isTrue();
    }

    @Test
    void aPairWithoutCorrelationRanksLastAndNoLimitKeepsOnlyTheBreaks() {
        Map<String, CorrelationFeatures> parts = CorrelationSummary.of(7L, UNIVERSE, hour(), 7);
        assertThat(parts.get(s(2)).pairs()).hasSize(7); // all of them, S2~S3 too
        Map<String, CorrelationFeatures> none = CorrelationSummary.of(7L, UNIVERSE, hour(), 0);
        assertThat(pairNames(none.get(s(0)))).containsExactly("S0/USDT~S1/USDT");
        assertThat(none.get(s(7)).pairs()).isEmpty();
        // Without a limit, the part is what it was when it carried every pair.
        Map<String, CorrelationFeatures> all = CorrelationSummary.of(7L, UNIVERSE, hour(), 99);
        assertThat(pairNames(all.get(s(4)))).containsExactly("S0/USDT~S4/USDT",
                "S1/USDT~S4/USDT", "S2/USDT~S4/USDT", "S3/USDT~S4/USDT", "S4/USDT~S5/USDT",
                "S4/USDT~S6/USDT", "S4/USDT~S7/USDT");
    }

    @Test
    void equalStrengthKeepsTheEarlierPair() {
        List<PairCorrelation> tied = hour().stream().map(p -> new PairCorrelation(p.pair(),
                p.symbolA(), p.symbolB(), 0.1, 0.5, false, null, null, 0, null)).toList();
        Map<String, CorrelationFeatures> parts = CorrelationSummary.of(7L, UNIVERSE, tied, 2);
        assertThat(pairNames(parts.get(s(5)))).containsExactly("S0/USDT~S5/USDT",
                "S1/USDT~S5/USDT");
        assertThat(parts.get(s(5)).leadingAsset()).isNull();
    }
}
