package io.regimeflow.functions.trend;

import io.regimeflow.model.Timeframe;
import io.regimeflow.model.TrendRegime;

/**
 * A symbol's trend state: one {@link TimeframeTrend} per timeframe and the last confirmed
 * regime.
 */
public final class TrendState {
    /** Indexed by {@link Timeframe#ordinal()}. */
    public TimeframeTrend[] frames;
    public TrendRegime lastConfirmed;

    public TrendState() {}

    public static TrendState empty(TrendSettings s) {
        TrendState st = new TrendState();
        st.frames = new TimeframeTrend[Timeframe.values().length];
        for (int i = 0; i < st.frames.length; i++) {
            st.frames[i] = new TimeframeTrend(s.lookback());
        }
        return st;
    }
}
