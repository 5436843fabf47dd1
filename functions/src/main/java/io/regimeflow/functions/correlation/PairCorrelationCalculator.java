package io.regimeflow.functions.correlation;

import io.regimeflow.functions.common.RejectedInputException;
import io.regimeflow.model.BreakSeverity;
import io.regimeflow.model.PairCorrelation;

/**
 * One pair's part of the correlation engine (spec §6), on every hour in which both symbols have a
 * closed 1h candle: 7- and 30-day Pearson correlations, breaks, and which symbol leads. Each
 * update costs the same whatever the window: sums are kept running, the leaving value's terms
 * subtracted, and all sums recomputed from the buffers once per 720 updates so that rounding
 * cannot drift over months.
 */
public final class PairCorrelationCalculator {

    /**
     * One hour's pair record, and whether the pair just entered a break.
     *
     * @param shortHours aligned hourly returns behind {@code corr_7d} (168 once 7 days exist)
     * @param longHours aligned hourly returns behind {@code corr_30d} (720 once 30 days exist)
     */
    public record Result(PairCorrelation correlation, boolean enteredBreak, long shortHours,
            long longHours) {}

    private final CorrelationSettings settings;

    public PairCorrelationCalculator(CorrelationSettings settings) {
        this.settings = settings;
    }

    /**
     * Adds the aligned returns of one hour.
     *
     * @throws RejectedInputException for a non-finite return or an hour not after the last one
     */
    public Result onAligned(PairState st, String symbolA, String symbolB, long time, double ra,
            double rb) {
        if (!Double.isFinite(ra) || !Double.isFinite(rb)) {
            throw new RejectedInputException("returns " + ra + ", " + rb + " are not numbers");
        }
        if (time <= st.lastTime) {
            throw new RejectedInputException("hour " + time + " is not after " + st.lastTime);
        }
        st.lastTime = time;
        int before = st.a.size;
        int shortWindow = settings.shortWindow();
        if (st.a.full()) {
            st.longSums.remove(st.a.get(0), st.b.get(0));
        }
        if (before >= shortWindow) {
            st.shortSums.remove(st.a.newest(shortWindow - 1), st.b.newest(shortWindow - 1));
            // The lagged pair whose later element leaves the window.
            st.aLeads.remove(st.a.newest(shortWindow - 1), st.b.newest(shortWindow - 2));
            st.bLeads.remove(st.b.newest(shortWindow - 1), st.a.newest(shortWindow - 2));
        }
        if (before > 0) {
            st.aLeads.add(st.a.newest(0), rb);
            st.bLeads.add(st.b.newest(0), ra);
        }
        st.a.add(ra);
        st.b.add(rb);
        st.longSums.add(ra, rb);
        st.shortSums.add(ra, rb);
        if (++st.updatesSinceRecompute >= settings.longWindow()) {
            recompute(st);
        }
        return evaluate(st, symbolA, symbolB);
    }

    private Result evaluate(PairState st, String symbolA, String symbolB) {
        Double corr7 = st.shortSums.n >= settings.minReturns() ? st.shortSums.correlation() : null;
        Double corr30 = st.longSums.n >= settings.minReturns() ? st.longSums.correlation() : null;
        boolean inBreak = corr7 != null && corr30 != null && corr30 >= settings.breakMinCorr()
                && corr7 < settings.breakRatio() * corr30;
        Double drop = corr7 != null && corr30 != null && corr30 > 0 ? 1 - corr7 / corr30 : null;
        boolean entered = inBreak && !st.inBreak;
        st.inBreak = inBreak;
        st.breakHours = inBreak ? st.breakHours + 1 : 0;
        BreakSeverity severity = inBreak ? severity(drop) : null;
        String leader = null;
        if (corr7 != null) {
            Double ab = st.aLeads.correlation();
            Double ba = st.bLeads.correlation();
            if (ab != null && ba != null) {
                double diff = ab - ba;
                leader = diff > settings.leadThreshold() ? symbolA
                        : diff < -settings.leadThreshold() ? symbolB : null;
            }
        }
        return new Result(new PairCorrelation(pairKey(symbolA, symbolB), symbolA, symbolB, corr7,
                corr30, inBreak, drop, severity, st.breakHours, leader), entered, st.shortSums.n,
                st.longSums.n);
    }

    static BreakSeverity severity(double drop) {
        if (drop >= 0.8) {
            return BreakSeverity.HIGH;
        }
        return drop >= 0.65 ? BreakSeverity.MEDIUM : BreakSeverity.LOW;
    }

    /** The pair's name: {@code BTC/USDT~ETH/USDT}. */
    public static String pairKey(String symbolA, String symbolB) {
        return symbolA + "~" + symbolB;
    }

    private void recompute(PairState st) {
        st.longSums.clear();
        st.shortSums.clear();
        st.aLeads.clear();
        st.bLeads.clear();
        int n = st.a.size;
        int shortStart = Math.max(0, n - settings.shortWindow());
        for (int i = 0; i < n; i++) {
            double ai = st.a.get(i);
            double bi = st.b.get(i);
            st.longSums.add(ai, bi);
            if (i >= shortStart) {
                st.shortSums.add(ai, bi);
                if (i > shortStart) {
                    st.aLeads.add(st.a.get(i - 1), bi);
                    st.bLeads.add(st.b.get(i - 1), ai);
                }
            }
        }
        st.updatesSinceRecompute = 0;
    }
}
