package io.regimeflow.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The volatility part of a snapshot (spec §2). Everything but {@code regime} and
 * {@code volatility24h} is null while {@code regime} is {@code WARMING_UP}.
 *
 * @param time close time of the 1h candle it was computed on
 * @param regime the plain table's regime for this hour's ratio ({@code vol_regime})
 * @param reportedRegime the regime reported for the symbol after this hour: it moves only past a
 *     boundary by the hysteresis margin, so it can differ from {@code regime}; the regime a
 *     VOLATILITY_REGIME_CHANGE event names (null while warming up)
 */
public record VolatilityFeatures(
        long time,
        @JsonProperty("vol_regime") VolatilityRegime regime,
        @JsonProperty("volatility_24h") Double volatility24h,
        Double volatilityMean,
        Double volRatio,
        Double clusteringProbability,
        Predictability predictability,
        Double riskMultiplier,
        VolatilityRegime reportedRegime) {}
