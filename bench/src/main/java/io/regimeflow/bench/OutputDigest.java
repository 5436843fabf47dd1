package io.regimeflow.bench;

import io.regimeflow.model.FeatureSnapshot;
import io.regimeflow.model.HourlyPairCorrelation;
import io.regimeflow.model.MarketEvent;
import io.regimeflow.model.MarketJson;
import java.util.Objects;

/**
 * Order-independent fingerprints of snapshots and events (their JSON form's stable hash) and of
 * pair correlations (their fields' hash: JSON for 19,900 pairs an hour would dwarf the rest).
 */
final class OutputDigest {
    private OutputDigest() {}

    static long of(FeatureSnapshot s) {
        return MarketJson.write(s).hashCode();
    }

    static long of(MarketEvent e) {
        return 31L * MarketJson.write(e).hashCode() + 7;
    }

    static long of(HourlyPairCorrelation p) {
        // The severity by name: an enum's own hash differs from one JVM to the next.
        return 17L * Objects.hash(p.time(), p.pair(), p.symbolA(), p.symbolB(), p.corr7d(),
                p.corr30d(), p.inBreak(), p.drop(),
                p.breakSeverity() == null ? null : p.breakSeverity().name(), p.durationHours(),
                p.leader()) + 3;
    }
}
