package io.regimeflow.functions.volatility;

import java.io.Serializable;

/**
 * Thresholds of the volatility regime (spec §2).
 *
 * @param returnWindow hourly returns in volatility_24h
 * @param baselineWindow past volatility_24h values averaged into volatility_mean
 * @param baselineMin fewer past values: WARMING_UP
 * @param highVol vol_ratio where HIGH_VOL begins
 * @param explosive vol_ratio where EXPLOSIVE begins
 * @param extreme vol_ratio where EXTREME begins
 * @param hysteresis share of a boundary that vol_ratio must pass it by to change the reported
 * regime
 * @param clusteringWindow hourly returns in clustering_probability
 */
public record VolatilitySettings(int returnWindow, int baselineWindow, int baselineMin,
        double highVol, double explosive, double extreme, double hysteresis,
        int clusteringWindow) implements Serializable {

    public static VolatilitySettings defaults() {
        return new VolatilitySettings(24, 720, 168, 1.0, 1.5, 2.5, 0.05, 720);
    }

    /** The lower vol_ratio boundary of regime level 1..3 (HIGH_VOL..EXTREME). */
    double lowerBoundary(int level) {
        return switch (level) {
            case 1 -> highVol;
            case 2 -> explosive;
            case 3 -> extreme;
            default -> throw new IllegalArgumentException("level " + level);
        };
    }
}
