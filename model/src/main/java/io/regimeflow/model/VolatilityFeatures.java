package io.regimeflow.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The volatility part of a snapshot (spec §2). Everything but {@code regime} and
 * {@code volatility24h} is null while {@code regime} is {@code WARMING_UP}.
 *
 * @param time close time of the 1h candle it was computed on
 */
public record VolatilityFeatures(
        long time,
        @JsonProperty("vol_regime") VolatilityRegime regime,
        @JsonProperty("volatility_24h") Double volatility24h,
        Double volatilityMean,
        Double volRatio,
        Double clusteringProbability,
        Predictability predictability,
        Double riskMultiplier) {}
