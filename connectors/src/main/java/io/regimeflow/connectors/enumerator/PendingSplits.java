package io.regimeflow.connectors.enumerator;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.ToIntFunction;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands pending splits to the reader that owns them; shared by the enumerators. */
@Internal
public final class PendingSplits {

    private static final Logger LOG = LoggerFactory.getLogger(PendingSplits.class);

    private PendingSplits() {}

    /**
     * Takes back the splits of a failed reader (Flink's {@code addSplitsBack}) into
     * {@code pending}, and hands them out at once if that reader is registered again.
     *
     * @param assignPendingTo the enumerator's assignment of pending splits to one reader
     */
    public static <S extends SourceSplit> void takeBack(SplitEnumeratorContext<S> context,
            List<S> pending, List<S> returned, int subtaskId, IntConsumer assignPendingTo) {
        LOG.info("{} splits returned by failed reader {}", returned.size(), subtaskId);
        pending.addAll(returned);
        if (context.registeredReaders().containsKey(subtaskId)) {
            assignPendingTo.accept(subtaskId);
        }
    }

    /**
     * Assigns to reader {@code subtaskId} the splits of {@code pending} it owns, and removes them
     * from {@code pending}.
     *
     * @param owner a split's owning subtask, in {@code [0, parallelism)}
     */
    public static <S extends SourceSplit> void assignOwned(SplitEnumeratorContext<S> context,
            List<S> pending, int subtaskId, ToIntFunction<S> owner) {
        List<S> owned = new ArrayList<>();
        Iterator<S> it = pending.iterator();
        while (it.hasNext()) {
            S split = it.next();
            if (owner.applyAsInt(split) == subtaskId) {
                owned.add(split);
                it.remove();
            }
        }
        if (!owned.isEmpty()) {
            context.assignSplits(new SplitsAssignment<>(Map.of(subtaskId, owned)));
        }
    }
}
