package io.regimeflow.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * The liquidation part of a snapshot (spec §4): the 15-minute window ending at {@code windowEnd}.
 * Totals are lower bounds where the venue's stream leaves liquidations out (Binance USD-M sends
 * at most one per symbol per second).
 */
public record CascadeFeatures(
        long windowEnd,
        double totalLiquidationUsd,
        double longLiquidationsUsd,
        double shortLiquidationsUsd,
        double velocityUsdPerHour,
        int severity,
        Dominance dominance,
        int liquidationCount,
        double[] supportLevels,
        double[] resistanceLevels) {

    @Override
    public boolean equals(Object o) {
        return o instanceof CascadeFeatures c
                && windowEnd == c.windowEnd
                && Double.compare(totalLiquidationUsd, c.totalLiquidationUsd) == 0
                && Double.compare(longLiquidationsUsd, c.longLiquidationsUsd) == 0
                && Double.compare(shortLiquidationsUsd, c.shortLiquidationsUsd) == 0
                && Double.compare(velocityUsdPerHour, c.velocityUsdPerHour) == 0
                && severity == c.severity
                && dominance == c.dominance
                && liquidationCount == c.liquidationCount
                && Arrays.equals(supportLevels, c.supportLevels)
                && Arrays.equals(resistanceLevels, c.resistanceLevels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(windowEnd, totalLiquidationUsd, severity, dominance, liquidationCount,
                Arrays.hashCode(supportLevels), Arrays.hashCode(resistanceLevels));
    }

    @Override
    public String toString() {
        return "CascadeFeatures[windowEnd=" + windowEnd + ", totalLiquidationUsd="
                + totalLiquidationUsd + ", velocityUsdPerHour=" + velocityUsdPerHour
                + ", severity=" + severity + ", dominance=" + dominance + ", support="
                + Arrays.toString(supportLevels) + ", resistance="
                + Arrays.toString(resistanceLevels) + "]";
    }
}
