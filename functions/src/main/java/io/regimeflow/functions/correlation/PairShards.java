package io.regimeflow.functions.correlation;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The pairs of a symbol universe that may grow while the job runs, split into a fixed number of
 * shards.
 *
 * <p>The pair rule: two symbols make one pair, named {@code A~B} with A ranking before B.
 * Configured symbols rank in the configured order, all of them before any symbol that is not
 * configured (one the exchange listed after the job was built); two symbols that are not
 * configured rank by name ({@code String} order). For a configured list alone this is (A, B)
 * with A before B in the configured order, as always. A pair's shard depends on its name only
 * (its {@code String.hashCode}, fixed by the Java spec), so a symbol joining or leaving, while
 * running or in the configured list, leaves every other pair in its shard, with its state. A
 * pair's name, and so its state, only changes when its two symbols change rank: one configured
 * before the other in a new list, or a joined symbol configured while its partner, before it by
 * name, is not. A configured list in name order (a universe of the exchange's symbols always is)
 * keeps every pair in name order, joined symbols included: a pair keeps its name when a symbol
 * that joined while running is configured at the next start.
 *
 * <p>The pairs among configured symbols are listed once ({@link #of}); a pair with a symbol that
 * is not configured is only known in an hour both its symbols have a return ({@link #joined}).
 */
public final class PairShards implements Serializable {
    private static final long serialVersionUID = 1L;

    /** One pair of configured symbols: the indices of its two symbols, and its name. */
    record Pair(int a, int b, String name) {}

    /** One pair with a symbol that is not configured: its symbols in pair order, its name. */
    record JoinedPair(String a, String b, String name) {}

    private final List<String> universe;
    private final int shards;
    private final boolean symbolsMayJoin;
    /** The configured list is in name order: so is every pair, joined symbols' too. */
    private final boolean nameOrdered;
    private transient List<List<Pair>> byShard;
    private transient Map<String, Integer> index;
    private transient Map<String, int[]> shardsOfSymbol;
    private transient int[] everyShard;

    /**
     * Pairs of symbols that may join while running.
     *
     * @param universe the configured symbols, in their configured order
     */
    public PairShards(List<String> universe, int shards) {
        this(universe, shards, true);
    }

    /**
     * @param universe the configured symbols, in their configured order
     * @param symbolsMayJoin whether symbols not in {@code universe} may arrive while running;
     *     false: each return goes only to the shards of its configured pairs
     */
    public PairShards(List<String> universe, int shards, boolean symbolsMayJoin) {
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be at least 1, was " + shards);
        }
        this.universe = List.copyOf(universe);
        this.shards = shards;
        this.symbolsMayJoin = symbolsMayJoin;
        this.nameOrdered = IntStream.range(1, this.universe.size())
                .allMatch(i -> this.universe.get(i - 1).compareTo(this.universe.get(i)) < 0);
    }

    public int count() {
        return shards;
    }

    /** The configured symbols, in their configured order. */
    List<String> universe() {
        return universe;
    }

    static int shardOf(String pairName, int shards) {
        return Math.floorMod(pairName.hashCode(), shards);
    }

    /** The pairs of configured symbols in {@code shard}, in the universe's pair order. */
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

    /**
     * The pairs in {@code shard} of the symbols that have a return in an hour, with at least one
     * symbol not configured: each configured symbol in configured order with each symbol not
     * configured in name order, then the pairs of symbols not configured in name order (each
     * pair's two symbols in pair order: see the class's pair rule).
     *
     * @param joined the hour's symbols that are not configured, sorted by name
     * @param returns the hour's returns of the configured symbols, by universe index; null for
     *     those without one
     */
    List<JoinedPair> joined(int shard, List<String> joined, Double[] returns) {
        List<JoinedPair> out = new ArrayList<>();
        for (int i = 0; i < universe.size(); i++) {
            if (returns[i] != null) {
                for (String x : joined) {
                    addIfIn(shard, universe.get(i), x, out);
                }
            }
        }
        for (int i = 0; i < joined.size(); i++) {
            for (int j = i + 1; j < joined.size(); j++) {
                addIfIn(shard, joined.get(i), joined.get(j), out);
            }
        }
        return out;
    }

    private void addIfIn(int shard, String a, String b, List<JoinedPair> out) {
        if (nameOrdered && a.compareTo(b) > 0) {
            String first = b;
            b = a;
            a = first;
        }
        String name = PairCorrelationCalculator.pairKey(a, b);
        if (shardOf(name, shards) == shard) {
            out.add(new JoinedPair(a, b, name));
        }
    }

    /**
     * The shards a return of {@code symbol} is sent to. When symbols may join: all of them (a
     * symbol's pairs with a symbol that joins while running may fall in any shard, and neither
     * side can know the other in advance; with 200 configured symbols each one's 199 pairs
     * already reach almost every shard). A fixed list: the shards of its pairs, as always.
     */
    int[] reachedBy(String symbol) {
        if (!symbolsMayJoin) {
            return shardsOf(symbol);
        }
        if (everyShard == null) {
            everyShard = IntStream.range(0, shards).toArray();
        }
        return everyShard;
    }

    /** The shards holding a pair of configured {@code symbol} with another configured one. */
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
