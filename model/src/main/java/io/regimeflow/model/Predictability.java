package io.regimeflow.model;

/** How predictable volatility is from its own clustering (spec §2). */
public enum Predictability {
    LOW,
    MEDIUM,
    HIGH
}
