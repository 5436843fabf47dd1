package io.regimeflow.functions.volatility;

import io.regimeflow.functions.common.DoubleRing;
import io.regimeflow.model.VolatilityRegime;

/**
 * A symbol's volatility state: bounded rings of its last hourly returns and past
 * volatility_24h values, the last close, and the regime last reported by an event. A Flink POJO.
 */
public final class VolatilityState {
    public double lastClose = Double.NaN;
    public long lastCloseTime = Long.MIN_VALUE;
    public DoubleRing returns;
    public DoubleRing volatilities;
    /** The regime last reported (null until the first one after warm-up). */
    public VolatilityRegime reported;

    public VolatilityState() {}

    public static VolatilityState empty(VolatilitySettings s) {
        VolatilityState st = new VolatilityState();
        st.returns = new DoubleRing(Math.max(s.returnWindow(), s.clusteringWindow()));
        st.volatilities = new DoubleRing(s.baselineWindow());
        return st;
    }
}
