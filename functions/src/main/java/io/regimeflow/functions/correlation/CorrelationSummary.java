package io.regimeflow.functions.correlation;

import io.regimeflow.model.CorrelationFeatures;
import io.regimeflow.model.PairCorrelation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gathers one hour's pair records into each symbol's correlation part (spec §6): its pairs, the
 * leading asset (the symbol that leads the most others; none on a tie or when nobody leads) and
 * the lagging assets (the symbols it leads).
 */
public final class CorrelationSummary {
    private CorrelationSummary() {}

    /**
     * The correlation part of each symbol in {@code symbols} for the hour ending at
     * {@code time}.
     */
    public static Map<String, CorrelationFeatures> of(long time, List<String> symbols,
            List<PairCorrelation> pairs) {
        Map<String, List<String>> led = new TreeMap<>();
        for (PairCorrelation p : pairs) {
            if (p.leader() != null) {
                String follower = p.leader().equals(p.symbolA()) ? p.symbolB() : p.symbolA();
                led.computeIfAbsent(p.leader(), k -> new ArrayList<>()).add(follower);
            }
        }
        String leading = null;
        int most = 0;
        boolean tie = false;
        for (Map.Entry<String, List<String>> e : led.entrySet()) {
            int n = e.getValue().size();
            if (n > most) {
                most = n;
                leading = e.getKey();
                tie = false;
            } else if (n == most) {
                tie = true;
            }
        }
        if (tie) {
            leading = null;
        }
        String[] lagging = leading == null ? new String[0]
                : led.get(leading).stream().sorted().toArray(String[]::new);
        Map<String, CorrelationFeatures> out = new TreeMap<>();
        for (String s : symbols) {
            PairCorrelation[] own = pairs.stream()
                    .filter(p -> p.symbolA().equals(s) || p.symbolB().equals(s))
                    .toArray(PairCorrelation[]::new);
            out.put(s, new CorrelationFeatures(time, own, leading, lagging));
        }
        return out;
    }
}
