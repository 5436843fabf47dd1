package io.regimeflow.connectors.simulator;

import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One symbol's simulation, immutable: which symbol, its position in the universe (which decides
 * the reader that owns it), and where it stands. A reader snapshots a new split with the current
 * cursor at each checkpoint.
 */
public record SimulatorSplit(String symbol, int index, SimulatorCursor cursor)
        implements SourceSplit {

    @Override
    public String splitId() {
        return "simulator-" + symbol;
    }
}
