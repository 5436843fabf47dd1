package io.regimeflow.connectors.binance;

/**
 * Keeps a reader's requests under a share of the exchange's request-weight limit (Binance.US:
 * 1200 a minute per IP). Binance reports the weight used in the current minute on every answer
 * ({@code X-MBX-USED-WEIGHT-1M}); the budget trusts that figure over its own count, and when the
 * next request would pass the share it says how long to wait for the next minute.
 */
public final class WeightBudget {

    private static final long MINUTE = 60_000L;

    private final int limitPerMinute;
    private final double share;
    private long minute = Long.MIN_VALUE;
    private int used;

    public WeightBudget(int limitPerMinute, double share) {
        if (limitPerMinute <= 0 || !(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("limit " + limitPerMinute + ", share " + share);
        }
        this.limitPerMinute = limitPerMinute;
        this.share = share;
    }

    /** The weight we may use in a minute. */
    public int allowance() {
        return (int) Math.floor(limitPerMinute * share);
    }

    /** Milliseconds to wait before a request of {@code weight} may be sent at {@code nowMs}. */
    public long delayFor(int weight, long nowMs) {
        roll(nowMs);
        if (used + weight <= allowance()) {
            return 0;
        }
        return (Math.floorDiv(nowMs, MINUTE) + 1) * MINUTE - nowMs;
    }

    /** Counts a request sent at {@code nowMs}. */
    public void spend(int weight, long nowMs) {
        roll(nowMs);
        used += weight;
    }

    /** Takes the exchange's own figure for the minute of {@code nowMs}, when it is higher. */
    public void observe(int usedWeight1m, long nowMs) {
        roll(nowMs);
        used = Math.max(used, usedWeight1m);
    }

    public int used(long nowMs) {
        roll(nowMs);
        return used;
    }

    private void roll(long nowMs) {
        long m = Math.floorDiv(nowMs, MINUTE);
        if (m != minute) {
            minute = m;
            used = 0;
        }
    }
}
