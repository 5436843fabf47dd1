package io.regimeflow.functions.correlation;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The pairs of the universe, (A, B) with A before B in the configured symbols, split into a fixed
 * number of shards. A pair's shard depends on its name only (its {@code String.hashCode}, fixed
 * by the Java spec), so adding or removing a symbol leaves every other pair in its shard, with
 * its state.
 */
public final class PairShards implements Serializable {
    private static final long serialVersionUID = 1L;

    /** One pair: the indices of its two symbols in the universe, and its name. */
    record Pair(int a, int b, String name) {}

    private final List<String> universe;
    private final int shards;
    private transient List<List<Pair>> byShard;
    private transient Map<String, Integer> index;
    private transient Map<String, int[]> shardsOfSymbol;

    public PairShards(List<String> universe, int shards) {
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be at least 1, was " + shards);
        }
        this.universe = List.copyOf(universe);
        this.shards = shards;
    }

    public int count() {
        return shards;
    }

    List<String> universe() {
        return universe;
    }

    static int shardOf(String pairName, int shards) {
        return Math.floorMod(pairName.hashCode(), shards);
    }

    /** The pairs of {@code shard}, in the universe's pair order. */
    List<Pair> of(int shard) {
        if (byShard == null) {
            List<List<Pair>> all = new ArrayList<>();
            for (int s = 0; s < shards; s++) {
                all.add(new ArrayList<>());
            }
            for (int i = 0; i < universe.size(); i++) {
                for (int j = i + 1; j < universe.size(); j++) {
                    String name = PairCorrelationCalculator.pairKey(universe.get(i),
                            universe.get(j));
                    all.get(shardOf(name, shards)).add(new Pair(i, j, name));
                }
            }
            byShard = all;
        }
        return byShard.get(shard);
    }

    /** The shards holding a pair of {@code symbol}, ascending; none for an unknown symbol. */
    int[] shardsOf(String symbol) {
        if (shardsOfSymbol == null) {
            boolean[][] holds = new boolean[universe.size()][shards];
            for (int s = 0; s < shards; s++) {
                for (Pair p : of(s)) {
                    holds[p.a()][s] = true;
                    holds[p.b()][s] = true;
                }
            }
            Map<String, int[]> m = new HashMap<>();
            for (int i = 0; i < universe.size(); i++) {
                boolean[] h = holds[i];
                m.put(universe.get(i), IntStream.range(0, shards).filter(s -> h[s]).toArray());
            }
            shardsOfSymbol = m;
        }
        return shardsOfSymbol.getOrDefault(symbol, new int[0]);
    }

    /** The universe index of {@code symbol}, or -1 when it is not configured. */
    int indexOf(String symbol) {
        if (index == null) {
            Map<String, Integer> m = new HashMap<>();
            for (int i = 0; i < universe.size(); i++) {
                m.put(universe.get(i), i);
            }
            index = m;
        }
        return index.getOrDefault(symbol, -1);
    }
}
