package io.regimeflow.model;

/** Where the funding z-score stands (spec §3), plus the state before enough history exists. */
public enum FundingLevel {
    WARMING_UP,
    NORMAL,
    HIGH,
    LOW
}
