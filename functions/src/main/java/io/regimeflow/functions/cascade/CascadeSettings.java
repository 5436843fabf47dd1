package io.regimeflow.functions.cascade;

import java.io.Serializable;

/**
 * Thresholds of the liquidation cascade (spec §4).
 *
 * @param windowMinutes sliding window, evaluated every minute
 * @param severityThresholds USD per hour where severity 2, 3, 4 and 5 begin
 * @param bookBin order-book bin width as a share of the mid price
 * @param refireMinutes quiet time after which a symbol's cascade event fires again
 */
public record CascadeSettings(int windowMinutes, double[] severityThresholds,
        double longDominance, double shortDominance, double bookBin, int eventMinSeverity,
        int refireMinutes) implements Serializable {

    public static CascadeSettings defaults() {
        return new CascadeSettings(15, new double[] {100_000, 400_000, 2_000_000, 10_000_000},
                0.65, 0.35, 0.001, 3, 30);
    }
}
