package io.regimeflow.bench;

import io.regimeflow.functions.snapshot.FeaturePart;
import io.regimeflow.model.FeatureSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * One symbol's hourly snapshot in the making: the feature parts the analyses produced, each at
 * its event time, and the latest snapshot, which the parts due at an hour's end are applied to.
 */
final class PendingSnapshot {

    private record TimedPart(long time, FeaturePart part) {}

    private final String symbol;
    private final List<TimedPart> pending = new ArrayList<>();
    private FeatureSnapshot latest;

    PendingSnapshot(String symbol) {
        this.symbol = symbol;
        this.latest = new FeatureSnapshot(0, symbol, null, null, null, null, null);
    }

    /** A part produced at {@code time} (ms). */
    void add(long time, FeaturePart part) {
        pending.add(new TimedPart(time, part));
    }

    /**
     * The snapshot of the hour ending at {@code end} (ms, inclusive), timed {@code end + 1}: the
     * latest one with the parts due by then applied in time order, in the order produced at
     * equal times.
     */
    FeatureSnapshot takeAt(long end) {
        TreeMap<Long, List<FeaturePart>> due = new TreeMap<>();
        pending.removeIf(p -> {
            if (p.time() <= end) {
                due.computeIfAbsent(p.time(), k -> new ArrayList<>()).add(p.part());
                return true;
            }
            return false;
        });
        FeatureSnapshot s = latest;
        for (List<FeaturePart> parts : due.values()) {
            for (FeaturePart p : parts) {
                s = p.applyTo(s);
            }
        }
        latest = new FeatureSnapshot(end + 1, symbol, s.cascades(), s.funding(), s.volatility(),
                s.regimes(), s.correlations());
        return latest;
    }

    /** The last snapshot taken (at first an empty one at time 0). */
    FeatureSnapshot latest() {
        return latest;
    }
}
