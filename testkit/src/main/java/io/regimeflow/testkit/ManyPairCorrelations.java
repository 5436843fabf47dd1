package io.regimeflow.testkit;

import io.regimeflow.model.BreakSeverity;
import io.regimeflow.model.HourlyPairCorrelation;
import io.regimeflow.model.MarketJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One hour of every pair's correlation for a universe of many symbols, as the job's correlation
 * engine emits them ({@code HourlyPairCorrelation}), for tests of the dashboard at scale. The
 * symbols are BTC/USDT, ETH/USDT, SOL/USDT and then C004/USDT, C005/USDT... (no other holds
 * "SOL", so a search for it finds one symbol). Most pairs have a 30-day correlation between 0.2
 * and 0.8 and none is in break, except the planted ones: three breaks of each severity, the
 * strongest pair and the strongest negative one.
 */
public final class ManyPairCorrelations {
    /** In break, HIGH: ranks first. */
    public static final String HIGH_BREAK = "ETH/USDT~SOL/USDT";
    /** In break, MEDIUM: second. */
    public static final String MEDIUM_BREAK = "C010/USDT~C020/USDT";
    /** In break, LOW: third. */
    public static final String LOW_BREAK = "BTC/USDT~SOL/USDT";
    /** Not in break, {@code corr_30d} 0.97: the strongest after the breaks. */
    public static final String STRONGEST = "BTC/USDT~ETH/USDT";
    /** Not in break, {@code corr_30d} -0.96: second by {@code |corr_30d|}. */
    public static final String STRONGEST_NEGATIVE = "C100/USDT~C101/USDT";

    /** Planted pairs: corr_7d, corr_30d, drop (null: not in break), severity, hours. */
    private record Planted(double corr7d, double corr30d, Double drop, BreakSeverity severity,
            int hours) {}

    private static final Map<String, Planted> PLANTED = Map.of(
            HIGH_BREAK, new Planted(0.10, 0.85, 0.88, BreakSeverity.HIGH, 8),
            MEDIUM_BREAK, new Planted(0.20, 0.70, 0.71, BreakSeverity.MEDIUM, 3),
            LOW_BREAK, new Planted(0.35, 0.80, 0.56, BreakSeverity.LOW, 1),
            STRONGEST, new Planted(0.95, 0.97, null, null, 0),
            STRONGEST_NEGATIVE, new Planted(-0.90, -0.96, null, null, 0));

    private ManyPairCorrelations() {}

    /** {@code n} symbols (at least 3), in name order. */
    public static List<String> symbols(int n) {
        List<String> s = new ArrayList<>(List.of("BTC/USDT", "ETH/USDT", "SOL/USDT"));
        for (int i = 4; i <= n; i++) {
            s.add(String.format("C%03d/USDT", i));
        }
        s.sort(null);
        return s;
    }

    /** Every pair of {@code n} symbols for the hour closing at {@code time}: n(n-1)/2. */
    public static List<HourlyPairCorrelation> hour(int n, long time) {
        List<String> symbols = symbols(n);
        List<HourlyPairCorrelation> out = new ArrayList<>();
        for (int i = 0; i < symbols.size(); i++) {
            for (int j = i + 1; j < symbols.size(); j++) {
                String a = symbols.get(i);
                String b = symbols.get(j);
                String pair = a + "~" + b;
                Planted p = PLANTED.get(pair);
                if (p == null) {
                    double corr30 = 0.2 + 0.6 * ((i * 131 + j * 71) % 997) / 997.0;
                    // As the job sends them: a drop for every pair with a positive corr_30d,
                    // in break or not.
                    out.add(new HourlyPairCorrelation(time, pair, a, b, corr30 * 0.9, corr30,
                            false, 0.1, null, 0, null));
                } else {
                    out.add(new HourlyPairCorrelation(time, pair, a, b, p.corr7d(), p.corr30d(),
                            p.drop() != null, p.drop(), p.severity(), p.hours(),
                            p.drop() != null ? a : null));
                }
            }
        }
        return out;
    }

    /** What a dashboard sink sends the hub for {@code p}. */
    public static String message(HourlyPairCorrelation p) {
        return "{\"kind\":\"pair_correlation\",\"data\":" + MarketJson.write(p) + "}";
    }
}
