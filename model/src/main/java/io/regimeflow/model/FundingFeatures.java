package io.regimeflow.model;

/**
 * The funding part of a snapshot (spec §3), for the latest settlement. The scored fields are null
 * while {@code extremeLevel} is {@code WARMING_UP}; {@code reversalProbability} is null when the
 * settlement is not anomalous.
 */
public record FundingFeatures(
        long fundingTime,
        String venue,
        double fundingRate,
        int intervalHours,
        double hourlyRate,
        Double zScore,
        Boolean isAnomaly,
        FundingLevel extremeLevel,
        Double persistenceScore,
        Double reversalProbability) {}
