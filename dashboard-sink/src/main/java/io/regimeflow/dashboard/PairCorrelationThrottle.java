package io.regimeflow.dashboard;

import io.regimeflow.model.HourlyPairCorrelation;
import java.util.HashMap;
import java.util.Map;

/**
 * Lets through at most one hourly correlation per pair per second of wall-clock time. Live, an
 * hour lasts an hour (a minute at the simulator's 60x), so every hour passes; a backfill of
 * months at 150 symbols (11,175 pairs an hour) is not sent hour by hour to the hub and every
 * browser, only the hour each pair is at, once a second. A pair's last backfilled hour may be
 * one left out: the page then shows an earlier hour of that pair until the next live one, except
 * for the pairs the snapshots hold (each symbol's breaks and strongest), which the hub and the
 * page take from the snapshots when those are newer. Each sink writer has its own copy (it is
 * deserialized per writer).
 */
public final class PairCorrelationThrottle
        implements DashboardSink.Include<HourlyPairCorrelation> {
    private static final long serialVersionUID = 1L;
    static final long INTERVAL_MS = 1000;

    /** Wall-clock ms each pair was last let through: one entry per pair of the universe. */
    private transient Map<String, Long> lastSent;

    @Override
    public boolean test(HourlyPairCorrelation p) {
        if (lastSent == null) {
            lastSent = new HashMap<>();
        }
        long now = System.currentTimeMillis();
        Long last = lastSent.get(p.pair());
        if (last != null && now - last < INTERVAL_MS) {
            return false;
        }
        lastSent.put(p.pair(), now);
        return true;
    }
}
