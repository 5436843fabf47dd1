package io.regimeflow.connectors.enumerator;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * An enumerator's checkpoint: splits not yet handed to a reader, and the keys of every split that
 * exists (handed out or not). The latter tells a restore which configured splits are new.
 */
public record SplitInventory<S>(List<S> pending, Set<String> known) {
    public SplitInventory {
        pending = List.copyOf(pending);
        known = Set.copyOf(new TreeSet<>(known));
    }
}
