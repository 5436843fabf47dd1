package io.regimeflow.functions.trend;

import java.io.Serializable;

/**
 * Thresholds of the trend regime (spec §5).
 *
 * @param lookback candles of a timeframe, current included
 * @param confirmAgreement timeframes that must agree for REGIME_CONFIRMED
 */
public record TrendSettings(int lookback, double zThreshold, double heatThreshold,
        double chopEfficiency, int confirmAgreement) implements Serializable {

    public static TrendSettings defaults() {
        return new TrendSettings(20, 1.0, 0.5, 0.3, 3);
    }
}
