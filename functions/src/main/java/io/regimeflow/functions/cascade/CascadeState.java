package io.regimeflow.functions.cascade;

/**
 * A symbol's cascade state: per-minute USD buckets for the sliding window (a ring indexed by
 * minute), the support and resistance of the latest order book, and what was last alerted.
 * A Flink POJO; its size does not grow with the number of liquidations.
 */
public final class CascadeState {
    /** The minute (epoch minutes) each slot holds, or -1. */
    public long[] minutes;
    public double[] longUsd;
    public double[] shortUsd;
    public int[] counts;
    public double[] support = new double[0];
    public double[] resistance = new double[0];
    public long bookTime = Long.MIN_VALUE;
    /** Severity of the cascade last alerted; 0 when none is under way. */
    public int alertedSeverity;
    /** The last window end (epoch ms) with a cascade, for the 30-minute re-fire rule. */
    public long lastCascadeEnd = Long.MIN_VALUE;

    public CascadeState() {}

    public static CascadeState empty(CascadeSettings s) {
        CascadeState st = new CascadeState();
        int n = s.ringMinutes();
        st.minutes = new long[n];
        java.util.Arrays.fill(st.minutes, -1);
        st.longUsd = new double[n];
        st.shortUsd = new double[n];
        st.counts = new int[n];
        return st;
    }
}
