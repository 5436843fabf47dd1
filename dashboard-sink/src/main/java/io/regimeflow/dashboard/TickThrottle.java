package io.regimeflow.dashboard;

import io.regimeflow.model.Candle;
import java.util.HashMap;
import java.util.Map;

/**
 * Lets through at most one 1m candle per symbol per second of wall-clock time: the page's live
 * price moves with the market, while a backfill of months is not sent minute by minute. Each sink
 * writer has its own copy (it is deserialized per writer).
 */
public final class TickThrottle implements DashboardSink.Include<Candle> {
    private static final long serialVersionUID = 1L;
    static final long INTERVAL_MS = 1000;

    private transient Map<String, Long> lastSent;

    @Override
    public boolean test(Candle c) {
        if (lastSent == null) {
            lastSent = new HashMap<>();
        }
        long now = System.currentTimeMillis();
        Long last = lastSent.get(c.symbol());
        if (last != null && now - last < INTERVAL_MS) {
            return false;
        }
        lastSent.put(c.symbol(), now);
        return true;
    }
}
