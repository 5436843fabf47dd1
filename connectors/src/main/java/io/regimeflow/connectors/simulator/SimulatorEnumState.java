package io.regimeflow.connectors.simulator;

import java.util.List;

/** The enumerator's checkpoint: splits not yet handed to a reader. */
public record SimulatorEnumState(List<SimulatorSplit> pending) {
    public SimulatorEnumState {
        pending = List.copyOf(pending);
    }
}
