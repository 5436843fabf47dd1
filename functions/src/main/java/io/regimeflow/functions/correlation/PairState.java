package io.regimeflow.functions.correlation;

import io.regimeflow.functions.common.DoubleRing;

/**
 * One pair's correlation state: the last 720 aligned hourly returns of both symbols, running sums
 * over the 30-day and 7-day windows and over the 7-day window lagged by one step each way, and
 * the break under way. Bounded whatever the run length. A Flink POJO.
 */
public final class PairState {
    public DoubleRing a;
    public DoubleRing b;
    public PairSums longSums = new PairSums();
    public PairSums shortSums = new PairSums();
    /** (a[i-1], b[i]) over the short window: does A lead B? */
    public PairSums aLeads = new PairSums();
    /** (b[i-1], a[i]) over the short window: does B lead A? */
    public PairSums bLeads = new PairSums();
    public long lastTime = Long.MIN_VALUE;
    public int updatesSinceRecompute;
    public boolean inBreak;
    public int breakHours;

    public PairState() {}

    public static PairState empty(CorrelationSettings s) {
        PairState st = new PairState();
        st.a = new DoubleRing(s.longWindow());
        st.b = new DoubleRing(s.longWindow());
        return st;
    }
}
