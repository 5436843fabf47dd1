package io.regimeflow.connectors.exchange.http;

import org.apache.flink.annotation.Internal;

/**
 * Keeps a reader's requests to one host under a share of the exchange's request-weight limit
 * (Binance.US spot: 1200 a minute per IP). Binance reports the weight used by the whole IP in the
 * current minute on every answer ({@code X-MBX-USED-WEIGHT-1M}); the budget trusts that figure
 * over its own count. Two limits apply: the IP's use stays under {@code share} of the limit, and
 * this reader's own use under its part of the share ({@code share / readers}), so parallel readers
 * on one host split the allowance instead of racing for it. Requests are spread evenly over the
 * minute rather than sent in a burst at its start.
 */
@Internal
public final class WeightBudget {

    private static final long MINUTE = 60_000L;

    private final int limitPerMinute;
    private final double share;
    private final int readers;
    private long minute = Long.MIN_VALUE;
    private int ipUsed;
    private int ownUsed;
    private long nextAllowedAt;

    public WeightBudget(int limitPerMinute, double share, int readers) {
        if (limitPerMinute <= 0 || !(share > 0 && share <= 1) || readers < 1) {
            throw new IllegalArgumentException("limit " + limitPerMinute + ", share " + share
                    + ", readers " + readers);
        }
        this.limitPerMinute = limitPerMinute;
        this.share = share;
        this.readers = readers;
    }

    /** The weight the IP may use in a minute. */
    public int allowance() {
        return (int) Math.floor(limitPerMinute * share);
    }

    /** The weight this reader may use in a minute. */
    public int ownAllowance() {
        return Math.max(1, (int) Math.floor(limitPerMinute * share / readers));
    }

    /** Milliseconds to wait before a request of {@code weight} may be sent at {@code nowMs}. */
    public long delayFor(int weight, long nowMs) {
        roll(nowMs);
        if (ipUsed + weight > allowance() || ownUsed + weight > ownAllowance()) {
            return (Math.floorDiv(nowMs, MINUTE) + 1) * MINUTE - nowMs;
        }
        return Math.max(0, nextAllowedAt - nowMs);
    }

    /**
     * Takes this reader's share of the minute of {@code nowMs} as spent: a reader restored after
     * a failure cannot know what its predecessor sent in this minute, so it starts with the next.
     */
    public void assumeSpent(long nowMs) {
        roll(nowMs);
        ownUsed = ownAllowance();
    }

    /** Counts a request sent at {@code nowMs}. */
    public void spend(int weight, long nowMs) {
        roll(nowMs);
        ipUsed += weight;
        ownUsed += weight;
        // Even spacing: a minute's allowance spread over the minute.
        nextAllowedAt = nowMs + MINUTE * weight / ownAllowance();
    }

    /** Takes the exchange's own figure for the minute of {@code nowMs}, when it is higher. */
    public void observe(int usedWeight1m, long nowMs) {
        roll(nowMs);
        ipUsed = Math.max(ipUsed, usedWeight1m);
    }

    /** The IP's weight used in the minute of {@code nowMs}, as far as this reader knows. */
    public int used(long nowMs) {
        roll(nowMs);
        return ipUsed;
    }

    private void roll(long nowMs) {
        long m = Math.floorDiv(nowMs, MINUTE);
        if (m != minute) {
            minute = m;
            ipUsed = 0;
            ownUsed = 0;
        }
    }
}
