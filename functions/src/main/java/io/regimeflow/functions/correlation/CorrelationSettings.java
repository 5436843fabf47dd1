package io.regimeflow.functions.correlation;

import java.io.Serializable;

/**
 * Thresholds of the correlation engine (spec §6).
 *
 * @param shortWindow aligned hourly returns in corr_7d (and the lead/lag window)
 * @param longWindow aligned hourly returns in corr_30d
 * @param minReturns fewer aligned returns: no correlation yet
 * @param snapshotPairs a symbol's snapshot keeps its pairs in break and this many of its
 *     strongest pairs; every pair is in the pair correlations output
 */
public record CorrelationSettings(int shortWindow, int longWindow, int minReturns,
        double breakMinCorr, double breakRatio, double leadThreshold, int snapshotPairs)
        implements Serializable {

    public static final int DEFAULT_SNAPSHOT_PAIRS = 5;

    public CorrelationSettings(int shortWindow, int longWindow, int minReturns,
            double breakMinCorr, double breakRatio, double leadThreshold) {
        this(shortWindow, longWindow, minReturns, breakMinCorr, breakRatio, leadThreshold,
                DEFAULT_SNAPSHOT_PAIRS);
    }

    public static CorrelationSettings defaults() {
        return new CorrelationSettings(168, 720, 48, 0.3, 0.5, 0.05);
    }
}
