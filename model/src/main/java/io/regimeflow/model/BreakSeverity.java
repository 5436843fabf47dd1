package io.regimeflow.model;

/** How far a pair's 7-day correlation fell below its 30-day one (spec §6). */
public enum BreakSeverity {
    LOW,
    MEDIUM,
    HIGH
}
