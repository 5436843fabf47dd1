package io.regimeflow.connectors.enumerator;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * An enumerator's checkpoint: splits not yet handed to a reader, the keys of every split that
 * exists (handed out or not), and, for a universe of symbols that changes while the job runs,
 * its roster. The keys tell a restore which configured splits are new; the roster which symbols
 * have their splits already and which are retired, so a restore neither loses nor doubles one.
 */
public record SplitInventory<S>(List<S> pending, Set<String> known, SymbolRoster roster) {
    public SplitInventory {
        pending = List.copyOf(pending);
        known = Set.copyOf(new TreeSet<>(known));
        roster = roster == null ? SymbolRoster.EMPTY : roster;
    }

    /** The checkpoint of a fixed list of symbols: no roster. */
    public SplitInventory(List<S> pending, Set<String> known) {
        this(pending, known, SymbolRoster.EMPTY);
    }
}
