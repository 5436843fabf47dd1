package io.regimeflow.testkit;

import java.util.Random;

/**
 * How long a fake waits before each answer: from a minimum to a maximum, uniformly at random per
 * request. Seeded, so that every run sees the same latencies in the same order.
 */
final class AnswerLatency {

    private final Random random = new Random(20260201L);
    private volatile long minMs;
    private volatile long spreadMs;

    /**
     * @throws IllegalArgumentException when {@code minMs} is negative or above {@code maxMs}
     */
    void set(long minMs, long maxMs) {
        if (minMs < 0 || maxMs < minMs) {
            throw new IllegalArgumentException("latency from " + minMs + " to " + maxMs + " ms");
        }
        this.minMs = minMs;
        this.spreadMs = maxMs - minMs;
    }

    /** The next request's latency, ms. */
    long next() {
        long spread = spreadMs;
        return minMs + (spread == 0 ? 0 : (long) (random.nextDouble() * (spread + 1)));
    }
}
