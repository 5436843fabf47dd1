package io.regimeflow.connectors.enumerator;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The symbols of a universe that changes while the job runs, as its enumerator remembers them
 * across restores: every symbol ever given splits with its index (the index decides the reader
 * that owns all its splits, and is never reused), and those retired from the universe with why.
 * Empty for a fixed list of symbols, whose indices are their positions in the list.
 *
 * @param indices symbol ({@code BASE/QUOTE}) to its index, 0 and up
 * @param retired symbol to why it left the universe ("status BREAK", "no longer listed", ...)
 */
public record SymbolRoster(Map<String, Integer> indices, Map<String, String> retired) {

    public static final SymbolRoster EMPTY = new SymbolRoster(Map.of(), Map.of());

    public SymbolRoster {
        indices = Collections.unmodifiableMap(new TreeMap<>(indices));
        retired = Collections.unmodifiableMap(new TreeMap<>(retired));
    }

    /** The index a symbol seen for the first time gets: one past the highest given. */
    public int nextIndex() {
        return indices.values().stream().mapToInt(i -> i + 1).max().orElse(0);
    }
}
