package io.regimeflow.connectors.enumerator;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each split to a fixed owner, {@code index % parallelism}, as its reader registers (as
 * KafkaSource does with partitions). Splits never move while a reader lives, because an unbounded
 * split never finishes and so is never returned; after a failure Flink adds the failed reader's
 * splits back from the last checkpoint and they go to the same owner when it registers again.
 * The set of splits is fixed for the life of the job, so each reader is told at once that no more
 * will come.
 */
public final class FixedOwnerEnumerator<S extends SourceSplit>
        implements SplitEnumerator<S, SplitInventory<S>> {

    private static final Logger LOG = LoggerFactory.getLogger(FixedOwnerEnumerator.class);

    private final SplitEnumeratorContext<S> context;
    private final List<S> pending;
    private final Set<String> known;
    private final ToIntFunction<S> index;

    /**
     * @param pending splits not yet handed out
     * @param known the keys of every split that exists, handed out or not
     * @param index a split's position in the universe; decides its owner
     */
    public FixedOwnerEnumerator(SplitEnumeratorContext<S> context, List<S> pending,
            Set<String> known, ToIntFunction<S> index) {
        this.context = context;
        this.pending = new ArrayList<>(pending);
        this.known = new TreeSet<>(known);
        this.index = index;
    }

    /**
     * The enumerator of a restored job: the checkpoint's pending splits that are still wanted,
     * plus a fresh split for every wanted key the checkpoint did not know.
     *
     * @param wanted the splits the current configuration asks for, at their starting positions
     * @param key what identifies a split across restarts (symbol, or symbol and stream)
     */
    public static <S extends SourceSplit> FixedOwnerEnumerator<S> restore(
            SplitEnumeratorContext<S> context, SplitInventory<S> checkpoint, List<S> wanted,
            Function<S, String> key, ToIntFunction<S> index) {
        Set<String> wantedKeys = new TreeSet<>();
        wanted.forEach(s -> wantedKeys.add(key.apply(s)));
        List<S> pending = new ArrayList<>();
        for (S s : checkpoint.pending()) {
            if (wantedKeys.contains(key.apply(s))) {
                pending.add(s);
            }
        }
        List<String> added = new ArrayList<>();
        for (S s : wanted) {
            if (!checkpoint.known().contains(key.apply(s))) {
                pending.add(s);
                added.add(key.apply(s));
            }
        }
        if (!added.isEmpty()) {
            LOG.info("configured since the checkpoint, starting from the configured start: {}",
                    added);
        }
        Set<String> known = new TreeSet<>(checkpoint.known());
        known.addAll(wantedKeys);
        return new FixedOwnerEnumerator<>(context, pending, known, index);
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        // Splits are pushed on registration; nothing waits on requests.
    }

    @Override
    public void addSplitsBack(List<S> splits, int subtaskId) {
        PendingSplits.takeBack(context, pending, splits, subtaskId, this::assignPendingTo);
    }

    @Override
    public void addReader(int subtaskId) {
        assignPendingTo(subtaskId);
    }

    private void assignPendingTo(int subtaskId) {
        int parallelism = context.currentParallelism();
        PendingSplits.assignOwned(context, pending, subtaskId,
                s -> index.applyAsInt(s) % parallelism);
        context.signalNoMoreSplits(subtaskId);
    }

    @Override
    public SplitInventory<S> snapshotState(long checkpointId) {
        return new SplitInventory<>(pending, known);
    }

    @Override
    public void close() {}
}
