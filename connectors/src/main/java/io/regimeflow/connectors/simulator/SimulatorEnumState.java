package io.regimeflow.connectors.simulator;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The enumerator's checkpoint: splits not yet handed to a reader, and every symbol that has a
 * split (handed out or not). The latter tells a restore which configured symbols are new.
 */
public record SimulatorEnumState(List<SimulatorSplit> pending, Set<String> knownSymbols) {
    public SimulatorEnumState {
        pending = List.copyOf(pending);
        knownSymbols = Set.copyOf(new TreeSet<>(knownSymbols));
    }
}
