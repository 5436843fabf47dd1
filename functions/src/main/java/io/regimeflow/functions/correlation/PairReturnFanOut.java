package io.regimeflow.functions.correlation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Sends each symbol's hourly return to every pair it belongs to, so that the per-pair work can be
 * keyed by pair and spread over the cluster. Pairs are (A, B) with A before B in the configured
 * universe.
 */
public final class PairReturnFanOut implements FlatMapFunction<SymbolReturn, PairReturn> {
    private static final long serialVersionUID = 1L;

    private final List<String> universe;
    private transient Map<String, List<String[]>> pairsOf;

    public PairReturnFanOut(List<String> universe) {
        this.universe = List.copyOf(universe);
    }

    private Map<String, List<String[]>> pairsOf() {
        if (pairsOf == null) {
            pairsOf = new HashMap<>();
            for (int i = 0; i < universe.size(); i++) {
                for (int j = i + 1; j < universe.size(); j++) {
                    String[] pair = {universe.get(i), universe.get(j)};
                    pairsOf.computeIfAbsent(pair[0], k -> new ArrayList<>()).add(pair);
                    pairsOf.computeIfAbsent(pair[1], k -> new ArrayList<>()).add(pair);
                }
            }
        }
        return pairsOf;
    }

    @Override
    public void flatMap(SymbolReturn r, Collector<PairReturn> out) {
        for (String[] pair : pairsOf().getOrDefault(r.symbol(), List.of())) {
            out.collect(new PairReturn(PairCorrelationCalculator.pairKey(pair[0], pair[1]),
                    pair[0], pair[1], pair[0].equals(r.symbol()), r.closeTime(), r.logReturn()));
        }
    }
}
