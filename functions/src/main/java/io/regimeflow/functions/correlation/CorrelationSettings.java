package io.regimeflow.functions.correlation;

import java.io.Serializable;

/**
 * Thresholds of the correlation engine (spec §6).
 *
 * @param shortWindow aligned hourly returns in corr_7d (and the lead/lag window)
 * @param longWindow aligned hourly returns in corr_30d
 * @param minReturns fewer aligned returns: no correlation yet
 */
public record CorrelationSettings(int shortWindow, int longWindow, int minReturns,
        double breakMinCorr, double breakRatio, double leadThreshold) implements Serializable {

    public static CorrelationSettings defaults() {
        return new CorrelationSettings(168, 720, 48, 0.3, 0.5, 0.05);
    }
}
