package io.regimeflow.model;

/** Volatility regimes of spec §2, plus the state before enough history exists. */
public enum VolatilityRegime {
    WARMING_UP,
    STABLE,
    HIGH_VOL,
    EXPLOSIVE,
    EXTREME
}
