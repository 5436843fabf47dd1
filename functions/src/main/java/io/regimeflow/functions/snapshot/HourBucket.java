package io.regimeflow.functions.snapshot;

import io.regimeflow.functions.snapshot.SnapshotAssembler.TimedPart;
import java.util.List;

/**
 * The parts waiting for one hour's snapshot, at most one per analysis. A snapshot folds its due
 * parts in event-time order and each part replaces the older one of its analysis, so of one
 * analysis only the latest part (by event time; at the same time, the later arrival, as the
 * stable sort of the fold would apply it last) can show in the snapshot: the others need not be
 * kept. The liquidation cascade reports every minute; without this an hour's bucket grew to 60
 * parts, each one read and written whole for every part added (quadratic, and with RocksDB
 * serialized each time).
 */
final class HourBucket {

    private HourBucket() {}

    /**
     * Adds {@code part} to {@code bucket} (mutated), replacing the waiting part of the same
     * analysis unless that one is later in event time.
     *
     * @return false if {@code part} cannot show in the snapshot (an older part of an analysis
     *     whose later part waits already): the bucket is unchanged
     */
    static boolean add(List<TimedPart> bucket, TimedPart part) {
        int kind = part.part().kind();
        for (int i = 0; i < bucket.size(); i++) {
            TimedPart waiting = bucket.get(i);
            if (waiting.part().kind() == kind) {
                if (part.time() < waiting.time()) {
                    return false;
                }
                bucket.remove(i);
                break;
            }
        }
        bucket.add(part);
        return true;
    }
}
