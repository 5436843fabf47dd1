package io.regimeflow.job;

import io.regimeflow.connectors.exchange.SourceClock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A source clock the test sets minute by minute and that runs at real speed in between (the
 * weight budget spaces requests within a minute, which a frozen clock would never let pass). The
 * source is serialized into the job graph, so the instance holds only a key; the time itself is
 * in a static map of this JVM, which the mini-cluster's task threads share with the test. Not
 * for a cluster of other processes.
 */
final class SimulatedClock implements SourceClock, AutoCloseable {
    private static final long serialVersionUID = 1L;

    /** The time set and the {@link System#nanoTime()} it was set at, by clock key. */
    private static final Map<String, long[]> SET = new ConcurrentHashMap<>();

    private final String key = UUID.randomUUID().toString();

    SimulatedClock(long epochMs) {
        set(epochMs);
    }

    /** From now on the clock reads {@code epochMs}, then runs on at real speed. */
    void set(long epochMs) {
        SET.put(key, new long[] {epochMs, System.nanoTime()});
    }

    @Override
    public long getAsLong() {
        long[] s = SET.get(key);
        if (s == null) {
            throw new IllegalStateException("simulated clock " + key + " is closed");
        }
        return s[0] + (System.nanoTime() - s[1]) / 1_000_000;
    }

    @Override
    public void close() {
        SET.remove(key);
    }
}
