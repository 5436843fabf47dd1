package io.regimeflow.model;

/** The six event types of spec §8. */
public enum EventType {
    LIQUIDATION_CASCADE,
    FUNDING_ANOMALY,
    FUNDING_REVERSAL,
    VOLATILITY_REGIME_CHANGE,
    CORRELATION_BREAK,
    REGIME_CONFIRMED
}
