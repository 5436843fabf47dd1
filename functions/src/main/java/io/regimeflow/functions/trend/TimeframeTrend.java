package io.regimeflow.functions.trend;

import io.regimeflow.functions.common.DoubleRing;
import io.regimeflow.model.TrendRegime;

/** One timeframe's last L closes and quote volumes, and its latest regime. A Flink POJO. */
public final class TimeframeTrend {
    public DoubleRing closes;
    public DoubleRing quoteVolumes;
    public long lastOpenTime = Long.MIN_VALUE;
    /** Null until L candles have closed. */
    public TrendRegime regime;

    public TimeframeTrend() {}

    public TimeframeTrend(int lookback) {
        closes = new DoubleRing(lookback);
        quoteVolumes = new DoubleRing(lookback);
    }
}
