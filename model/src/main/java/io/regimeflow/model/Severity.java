package io.regimeflow.model;

/** Alert severity of an event (spec §8), in increasing order. */
public enum Severity {
    INFO,
    WARNING,
    CRITICAL
}
