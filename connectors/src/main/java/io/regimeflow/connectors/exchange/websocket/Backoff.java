package io.regimeflow.connectors.exchange.websocket;

/**
 * The wait before the next connection attempt: from 0.5-1 s, doubling with each attempt up to
 * 30-60 s (half of it random, so that many readers do not come back at once).
 */
final class Backoff {
    private static final long BASE_MS = 1_000;
    private static final long CAP_MS = 60_000;
    private int attempts;

    /** Counts an attempt that failed; the wait before the next one. */
    long next() {
        attempts++;
        long ceiling = Math.min(CAP_MS, BASE_MS << Math.min(attempts - 1, 16));
        return ceiling / 2 + (long) (Math.random() * ceiling / 2);
    }

    /** Connected: the next failure waits the least again. */
    void reset() {
        attempts = 0;
    }
}
