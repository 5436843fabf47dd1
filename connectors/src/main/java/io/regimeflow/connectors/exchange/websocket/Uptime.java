package io.regimeflow.connectors.exchange.websocket;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** Whether a connection is up, and how long it has been down in all (nothing is replayed). */
final class Uptime {
    private final LongSupplier clock;
    private final AtomicLong downMs = new AtomicLong();
    private volatile boolean connected;
    private volatile boolean ended;
    private volatile long downSince;

    Uptime(LongSupplier clock) {
        this.clock = clock;
        this.downSince = clock.getAsLong();
    }

    boolean connected() {
        return connected;
    }

    /** Milliseconds down in all, up to now; the time after {@link #end} not counted. */
    long downMs() {
        return downMs.get() + (connected || ended ? 0 : clock.getAsLong() - downSince);
    }

    /** Connected: how long it was down just before, or -1 when it was up already. */
    synchronized long up() {
        if (connected) {
            return -1;
        }
        long down = clock.getAsLong() - downSince;
        downMs.addAndGet(down);
        connected = true;
        return down;
    }

    /** Down: true when it was up until now. */
    synchronized boolean down() {
        if (!connected) {
            return false;
        }
        connected = false;
        downSince = clock.getAsLong();
        return true;
    }

    /** Closed by its owner: no more time down is counted. */
    void end() {
        ended = true;
    }
}
