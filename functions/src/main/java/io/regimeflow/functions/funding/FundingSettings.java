package io.regimeflow.functions.funding;

import io.regimeflow.functions.events.FundingText;
import java.io.Serializable;
import java.time.Duration;

/**
 * Thresholds of the funding anomaly (spec §3).
 *
 * @param historyMs settlements a z-score is computed against: those of the previous 30 days
 * @param minHistory fewer of them: WARMING_UP
 * @param anomalyZ {@code |z|} above which a settlement is anomalous
 * @param persistenceMs window of persistence_score (current settlement included)
 * @param retentionMs how long settlements are kept for reversal_probability
 * @param reversalHorizonMs a sign change within this after an anomaly counts as a reversal
 */
public record FundingSettings(long historyMs, int minHistory, double anomalyZ,
        long persistenceMs, long retentionMs, long reversalHorizonMs) implements Serializable {

    public static FundingSettings defaults() {
        return new FundingSettings(Duration.ofDays(30).toMillis(), 10, 2.0,
                Duration.ofHours(72).toMillis(), Duration.ofDays(90).toMillis(),
                Duration.ofHours(24).toMillis());
    }

    /** The spans an anomaly's text names, with the history the z-score had behind it. */
    public FundingText.Spans spans(long historyHours) {
        return new FundingText.Spans(historyHours, persistenceMs / 3_600_000L,
                reversalHorizonMs / 3_600_000L);
    }

    /** Settlements the retained history can hold: one an hour, the shortest interval. */
    int capacity() {
        return (int) (retentionMs / 3_600_000L) + 2;
    }
}
