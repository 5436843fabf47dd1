package io.regimeflow.functions.cascade;

import io.regimeflow.model.CascadeFeatures;

/**
 * A symbol's cascade state besides its open minutes' buckets: the support and resistance of the
 * latest order book, what was last alerted, and the window's closed minutes. A Flink POJO.
 */
public final class CascadeState {
    public double[] support = new double[0];
    public double[] resistance = new double[0];
    public long bookTime = Long.MIN_VALUE;
    /** Decimal places of the latest book's prices (its price step), -1 where unknown. */
    public int priceDecimals = -1;
    /** Severity of the cascade last alerted; 0 when none is under way. */
    public int alertedSeverity;
    /** The last window end (epoch ms) with a cascade, for the 30-minute re-fire rule. */
    public long lastCascadeEnd = Long.MIN_VALUE;
    /** Whether the last evaluated window held liquidations (to emit the drained one once). */
    public boolean lastWindowNonEmpty;
    /**
     * The window's closed minutes; null in a new state and in one restored from a savepoint
     * taken before they were kept here (their buckets are then still in the minute map).
     */
    public ClosedMinutes closed;
    /**
     * The latest window record of the current hour, not sent yet: the hourly snapshot shows only
     * an hour's latest, so one record an hour leaves the operator (at the hour's last minute)
     * instead of one a minute. Null when none is waiting.
     */
    public CascadeFeatures hourRecord;

    public CascadeState() {}
}
