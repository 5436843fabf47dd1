package io.regimeflow.connectors.simulator;

import io.regimeflow.model.MarketRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A FLIP-27 source of simulated market data ({@code --source simulator}): for each configured
 * symbol, 1m candles, order books, funding settlements and liquidations, deterministic for a seed
 * and independent of parallelism. One split per symbol; the split's state is the simulation
 * cursor, so a restore from a checkpoint continues without a gap or a duplicate.
 */
public final class MarketSimulatorSource
        implements Source<MarketRecord, SimulatorSplit, SimulatorEnumState> {
    private static final long serialVersionUID = 1L;
    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(MarketSimulatorSource.class);

    private final SimulatorSettings settings;

    public MarketSimulatorSource(SimulatorSettings settings) {
        this.settings = settings;
    }

    public SimulatorSettings settings() {
        return settings;
    }

    @Override
    public Boundedness getBoundedness() {
        return settings.bounded() ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SplitEnumerator<SimulatorSplit, SimulatorEnumState> createEnumerator(
            SplitEnumeratorContext<SimulatorSplit> context) {
        return new SimulatorEnumerator(context, newSplits(Set.of()), Set.copyOf(
                settings.symbols()));
    }

    /**
     * Restores from a checkpoint or savepoint. Symbols configured since then get a fresh split;
     * symbols no longer configured are dropped by the readers that restore their splits.
     */
    @Override
    public SplitEnumerator<SimulatorSplit, SimulatorEnumState> restoreEnumerator(
            SplitEnumeratorContext<SimulatorSplit> context, SimulatorEnumState checkpoint) {
        List<SimulatorSplit> pending = new ArrayList<>();
        for (SimulatorSplit s : checkpoint.pending()) {
            if (settings.symbols().contains(s.symbol())) {
                pending.add(s);
            }
        }
        List<SimulatorSplit> added = newSplits(checkpoint.knownSymbols());
        if (!added.isEmpty()) {
            LOG.info("symbols added since the checkpoint start at {}: {}",
                    java.time.Instant.ofEpochMilli(settings.startMs()),
                    added.stream().map(SimulatorSplit::symbol).toList());
        }
        pending.addAll(added);
        Set<String> known = new TreeSet<>(checkpoint.knownSymbols());
        known.addAll(settings.symbols());
        return new SimulatorEnumerator(context, pending, known);
    }

    /** A split at the start for each configured symbol not in {@code known}. */
    private List<SimulatorSplit> newSplits(Set<String> known) {
        List<SimulatorSplit> splits = new ArrayList<>();
        for (int i = 0; i < settings.symbols().size(); i++) {
            String symbol = settings.symbols().get(i);
            if (!known.contains(symbol)) {
                splits.add(new SimulatorSplit(symbol, i,
                        SymbolSimulator.initialCursor(settings, symbol)));
            }
        }
        return splits;
    }

    @Override
    public SimpleVersionedSerializer<SimulatorSplit> getSplitSerializer() {
        return new SimulatorSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<SimulatorEnumState> getEnumeratorCheckpointSerializer() {
        return new SimulatorEnumStateSerializer();
    }

    @Override
    public SourceReader<MarketRecord, SimulatorSplit> createReader(SourceReaderContext context) {
        return new SimulatorSourceReader(context, settings, System::currentTimeMillis);
    }
}
