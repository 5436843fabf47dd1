package io.regimeflow.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The multi-timeframe trend part of a snapshot (spec §5). A timeframe without 20 candles yet has
 * a null regime; {@code primaryRegime} is null while no timeframe has one.
 */
public record RegimeFeatures(
        long time,
        @JsonProperty("1h_regime") TrendRegime regime1h,
        @JsonProperty("4h_regime") TrendRegime regime4h,
        @JsonProperty("1d_regime") TrendRegime regime1d,
        @JsonProperty("1w_regime") TrendRegime regime1w,
        TrendRegime primaryRegime,
        double confidence,
        int agreementCount,
        int totalTimeframes) {}
