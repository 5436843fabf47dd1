package io.regimeflow.connectors.simulator;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each symbol's split to a fixed owner, {@code index % parallelism}, as its reader registers
 * (as KafkaSource does with partitions). Splits never move while a reader lives, because an
 * unbounded split never finishes and so is never returned; after a failure Flink adds the failed
 * reader's splits back from the last checkpoint and they go to the same owner when it registers
 * again.
 */
public final class SimulatorEnumerator
        implements SplitEnumerator<SimulatorSplit, SimulatorEnumState> {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatorEnumerator.class);

    private final SplitEnumeratorContext<SimulatorSplit> context;
    private final List<SimulatorSplit> pending;
    private final Set<String> knownSymbols;

    public SimulatorEnumerator(SplitEnumeratorContext<SimulatorSplit> context,
            List<SimulatorSplit> pending, Set<String> knownSymbols) {
        this.context = context;
        this.pending = new ArrayList<>(pending);
        this.knownSymbols = new TreeSet<>(knownSymbols);
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        // Splits are pushed on registration; nothing waits on requests.
    }

    @Override
    public void addSplitsBack(List<SimulatorSplit> splits, int subtaskId) {
        LOG.info("{} simulator splits returned by failed reader {}", splits.size(), subtaskId);
        pending.addAll(splits);
        if (context.registeredReaders().containsKey(subtaskId)) {
            assignPendingTo(subtaskId);
        }
    }

    @Override
    public void addReader(int subtaskId) {
        assignPendingTo(subtaskId);
    }

    private void assignPendingTo(int subtaskId) {
        int parallelism = context.currentParallelism();
        List<SimulatorSplit> owned = new ArrayList<>();
        Iterator<SimulatorSplit> it = pending.iterator();
        while (it.hasNext()) {
            SimulatorSplit split = it.next();
            if (split.index() % parallelism == subtaskId) {
                owned.add(split);
                it.remove();
            }
        }
        if (!owned.isEmpty()) {
            context.assignSplits(new SplitsAssignment<>(Map.of(subtaskId, owned)));
        }
        // The universe is fixed: once a reader has its symbols, it will never get more.
        context.signalNoMoreSplits(subtaskId);
    }

    @Override
    public SimulatorEnumState snapshotState(long checkpointId) {
        return new SimulatorEnumState(pending, knownSymbols);
    }

    @Override
    public void close() {}
}
