package io.regimeflow.model;

/** Trend regimes of one timeframe (spec §5). */
public enum TrendRegime {
    SPOT_IGNITION,
    SPOT_COOLING,
    SPOT_CHOP,
    SPOT_NEUTRAL
}
