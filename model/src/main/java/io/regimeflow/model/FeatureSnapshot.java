package io.regimeflow.model;

/**
 * The combined record, once per symbol per closed hour (spec §7), in the seed's shape. Each part
 * is the latest value of its analysis at the hour's end, null where it has none yet.
 *
 * @param timestamp the end of the hour, UTC epoch milliseconds
 */
public record FeatureSnapshot(
        long timestamp,
        String symbol,
        CascadeFeatures cascades,
        FundingFeatures funding,
        VolatilityFeatures volatility,
        RegimeFeatures regimes,
        CorrelationFeatures correlations) {}
