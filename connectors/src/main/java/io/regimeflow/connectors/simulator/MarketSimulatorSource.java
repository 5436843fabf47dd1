package io.regimeflow.connectors.simulator;

import io.regimeflow.connectors.enumerator.FixedOwnerEnumerator;
import io.regimeflow.connectors.enumerator.SplitInventory;
import io.regimeflow.connectors.enumerator.SplitInventorySerializer;
import io.regimeflow.model.MarketRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
        implements Source<MarketRecord, SimulatorSplit, SplitInventory<SimulatorSplit>> {
    private static final long serialVersionUID = 1L;

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
    public SplitEnumerator<SimulatorSplit, SplitInventory<SimulatorSplit>> createEnumerator(
            SplitEnumeratorContext<SimulatorSplit> context) {
        List<SimulatorSplit> splits = splits();
        return new FixedOwnerEnumerator<>(context, splits,
                Set.copyOf(settings.symbols()), SimulatorSplit::index);
    }

    /**
     * Restores from a checkpoint or savepoint. Symbols configured since then get a fresh split;
     * symbols no longer configured are dropped by the readers that restore their splits.
     */
    @Override
    public SplitEnumerator<SimulatorSplit, SplitInventory<SimulatorSplit>> restoreEnumerator(
            SplitEnumeratorContext<SimulatorSplit> context,
            SplitInventory<SimulatorSplit> checkpoint) {
        return FixedOwnerEnumerator.restore(context, checkpoint, splits(),
                SimulatorSplit::symbol, SimulatorSplit::index);
    }

    /** A split at the start for each configured symbol. */
    private List<SimulatorSplit> splits() {
        List<SimulatorSplit> splits = new ArrayList<>();
        for (int i = 0; i < settings.symbols().size(); i++) {
            String symbol = settings.symbols().get(i);
            splits.add(new SimulatorSplit(symbol, i,
                    SymbolSimulator.initialCursor(settings, symbol)));
        }
        return splits;
    }

    @Override
    public SimpleVersionedSerializer<SimulatorSplit> getSplitSerializer() {
        return new SimulatorSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<SplitInventory<SimulatorSplit>>
            getEnumeratorCheckpointSerializer() {
        return new SplitInventorySerializer<>(new SimulatorSplitSerializer());
    }

    @Override
    public SourceReader<MarketRecord, SimulatorSplit> createReader(SourceReaderContext context) {
        return new SimulatorSourceReader(context, settings, System::currentTimeMillis);
    }
}
