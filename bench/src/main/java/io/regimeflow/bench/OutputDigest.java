package io.regimeflow.bench;

import io.regimeflow.model.FeatureSnapshot;
import io.regimeflow.model.MarketEvent;
import io.regimeflow.model.MarketJson;

/** Order-independent fingerprints of snapshots and events: their JSON form's (stable) hash. */
final class OutputDigest {
    private OutputDigest() {}

    static long of(FeatureSnapshot s) {
        return MarketJson.write(s).hashCode();
    }

    static long of(MarketEvent e) {
        return 31L * MarketJson.write(e).hashCode() + 7;
    }
}
