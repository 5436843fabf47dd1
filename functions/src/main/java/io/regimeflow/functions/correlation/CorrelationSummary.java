package io.regimeflow.functions.correlation;

import io.regimeflow.model.CorrelationFeatures;
import io.regimeflow.model.PairCorrelation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gathers one hour's pair records into each symbol's correlation part (spec §6): its pairs in
 * break and its strongest pairs, the leading asset (the symbol that leads the most others; none
 * on a tie or when nobody leads) and the lagging assets (the symbols it leads). Every pair is in
 * the pair correlations output; the part only keeps what a reader of one symbol needs, so its
 * size does not grow with the universe.
 *
 * <p>Every given symbol has a part, with or without pairs in the hour; a symbol that is not
 * given (one that joined the universe while the job runs) has one in the hours it has a pair.
 */
public final class CorrelationSummary {
    private CorrelationSummary() {}

    /** {@link #of(long, List, List, int)} keeping the default number of strongest pairs. */
    public static Map<String, CorrelationFeatures> of(long time, List<String> symbols,
            List<PairCorrelation> pairs) {
        return of(time, symbols, pairs, CorrelationSettings.DEFAULT_SNAPSHOT_PAIRS);
    }

    /**
     * The correlation part of each symbol in {@code symbols} and of each other symbol of
     * {@code pairs} for the hour ending at {@code time}: its pairs in break and its
     * {@code strongest} pairs by |corr_30d|, in the order of {@code pairs}; by symbol name.
     */
    public static Map<String, CorrelationFeatures> of(long time, List<String> symbols,
            List<PairCorrelation> pairs, int strongest) {
        String leading = leadingAsset(pairs);
        String[] lagging = leading == null ? new String[0] : laggingAssets(leading, pairs);
        // One pass over the pairs, each handed to its two symbols: filtering every pair for
        // every symbol was O(symbols x pairs) and most of the job's CPU at 200 symbols.
        Map<String, List<PairCorrelation>> own = new HashMap<>();
        for (String s : symbols) {
            own.put(s, new ArrayList<>());
        }
        for (PairCorrelation p : pairs) {
            own.computeIfAbsent(p.symbolA(), s -> new ArrayList<>()).add(p);
            if (!p.symbolB().equals(p.symbolA())) {
                own.computeIfAbsent(p.symbolB(), s -> new ArrayList<>()).add(p);
            }
        }
        Map<String, CorrelationFeatures> out = new TreeMap<>();
        own.forEach((s, list) -> out.put(s, new CorrelationFeatures(time,
                SnapshotPairs.kept(list, strongest), leading, lagging)));
        return out;
    }

    /** The symbol leading the most others; null on a tie or when nobody leads. */
    private static String leadingAsset(List<PairCorrelation> pairs) {
        Map<String, Integer> led = new TreeMap<>();
        for (PairCorrelation p : pairs) {
            if (p.leader() != null) {
                led.merge(p.leader(), 1, Integer::sum);
            }
        }
        String leading = null;
        int most = 0;
        boolean tie = false;
        for (Map.Entry<String, Integer> e : led.entrySet()) {
            int n = e.getValue();
            if (n > most) {
                most = n;
                leading = e.getKey();
                tie = false;
            } else if (n == most) {
                tie = true;
            }
        }
        return tie ? null : leading;
    }

    /** The symbols {@code leading} leads, sorted. */
    private static String[] laggingAssets(String leading, List<PairCorrelation> pairs) {
        List<String> lagging = new ArrayList<>();
        for (PairCorrelation p : pairs) {
            if (leading.equals(p.leader())) {
                lagging.add(leading.equals(p.symbolA()) ? p.symbolB() : p.symbolA());
            }
        }
        return lagging.stream().sorted().toArray(String[]::new);
    }
}
