package io.regimeflow.model;

/** Which side's liquidations dominate a window (spec §4). */
public enum Dominance {
    LONG,
    SHORT,
    BALANCED
}
