package io.regimeflow.functions.funding;

import io.regimeflow.functions.common.RejectedInputException;
import io.regimeflow.model.FundingFeatures;
import io.regimeflow.model.FundingLevel;

/**
 * The funding anomaly of spec §3, on every new settlement of a perpetual. Every rate is first put
 * on one hourly scale ({@code rate / interval_hours}), so a venue moving from 8h to 4h funding does
 * not look like an anomaly.
 */
public final class FundingAnomalyCalculator {

    /**
     * One settlement's features, and what happened.
     *
     * @param becameAnomalous the settlement became anomalous after a non-anomalous one, or flipped
     * side
     * @param reversedAfter the length of the same-signed run the rate's sign just ended (0: no
     * reversal)
     * @param historyHours how far back the history the z-score is computed against goes: the
     *     whole history window (30 days) once settlements that old exist, else the hours since
     *     the oldest one in it (0 without history)
     */
    public record Result(FundingFeatures features, boolean becameAnomalous, int reversedAfter,
            long historyHours) {}

    private static final long HOUR = 3_600_000L;

    /** Relative std below which a history counts as flat (std = 0 in the spec). */
    static final double FLAT = 1e-9;

    private final FundingSettings settings;

    public FundingAnomalyCalculator(FundingSettings settings) {
        this.settings = settings;
    }

    /**
     * Folds one settlement into {@code state}.
     *
     * @throws RejectedInputException for a non-finite rate, a non-positive interval, or a
     *     settlement not after the last one; the state is then unchanged
     */
    public Result onSettlement(FundingState state, long time, String venue, double rate,
            int intervalHours) {
        if (!Double.isFinite(rate)) {
            throw new RejectedInputException("funding rate " + rate + " is not a number");
        }
        if (intervalHours <= 0) {
            throw new RejectedInputException("interval_hours " + intervalHours
                    + " is not positive");
        }
        FundingHistory h = state.history;
        if (time <= h.lastTime()) {
            throw new RejectedInputException("settlement at " + time
                    + " is not after the last one at " + h.lastTime());
        }
        double hourly = rate / intervalHours;
        h.dropBefore(time - Math.max(settings.retentionMs(), settings.historyMs()));

        // The previous 30 days, the current settlement excluded.
        long from = time - settings.historyMs();
        int n = 0;
        double sum = 0;
        long oldest = time;
        for (int i = 0; i < h.size; i++) {
            if (h.time(i) >= from) {
                n++;
                sum += h.hourlyRate(i);
                oldest = Math.min(oldest, h.time(i));
            }
        }
        // Settlements before the window's start mean the whole window is covered.
        long historyHours = (h.size > 0 && h.time(0) < from ? time - from : time - oldest) / HOUR;
        Double z = null;
        if (n >= settings.minHistory()) {
            double mean = sum / n;
            double ss = 0;
            for (int i = 0; i < h.size; i++) {
                if (h.time(i) >= from) {
                    double d = h.hourlyRate(i) - mean;
                    ss += d * d;
                }
            }
            double std = Math.sqrt(ss / (n - 1));
            // Identical rates leave only rounding noise in std (the mean of n equal doubles is
            // not always exactly that double); a std a billionth of the mean is such noise.
            z = std <= FLAT * Math.abs(mean) || std == 0 ? 0.0 : (hourly - mean) / std;
        }
        h.add(time, rate, hourly, z == null ? Double.NaN : z);

        FundingLevel level = level(z);
        boolean anomalous = level == FundingLevel.HIGH || level == FundingLevel.LOW;
        boolean becameAnomalous = anomalous && level != state.lastLevel;
        state.lastLevel = level;
        int reversedAfter = trackSign(state, rate);

        FundingFeatures features = z == null
                ? new FundingFeatures(time, venue, rate, intervalHours, hourly, null, null, level,
                        null, null)
                : new FundingFeatures(time, venue, rate, intervalHours, hourly, z, anomalous,
                        level, persistence(h, time), anomalous ? reversalProbability(h, level,
                                time) : null);
        return new Result(features, becameAnomalous, reversedAfter, historyHours);
    }

    /** HIGH above +bar, LOW below -bar; exactly on the bar is NORMAL (spec: {@code |z| > 2}). */
    FundingLevel level(Double z) {
        if (z == null) {
            return FundingLevel.WARMING_UP;
        }
        return z > settings.anomalyZ() ? FundingLevel.HIGH
                : z < -settings.anomalyZ() ? FundingLevel.LOW : FundingLevel.NORMAL;
    }

    /** Share of the settlements of the last 72 hours (current included) with |z| over the bar. */
    private double persistence(FundingHistory h, long time) {
        long from = time - settings.persistenceMs();
        int n = 0;
        int extreme = 0;
        for (int i = 0; i < h.size; i++) {
            if (h.time(i) > from) {
                n++;
                if (Math.abs(h.zScore(i)) > settings.anomalyZ()) { // NaN (warming up) is not
                    extreme++;
                }
            }
        }
        return (double) extreme / n;
    }

    /**
     * {@code (k + 1) / (n + 2)} over past settlements anomalous on the same side as now whose 24
     * hours have passed: n of them, k followed by a rate of the opposite sign within 24 hours.
     * Settlements younger than 24 hours are left out: their outcome is not known yet.
     */
    private double reversalProbability(FundingHistory h, FundingLevel side, long now) {
        int n = 0;
        int k = 0;
        int current = h.size - 1;
        for (int i = 0; i < current; i++) {
            double z = h.zScore(i);
            boolean sameSide = side == FundingLevel.HIGH ? z > settings.anomalyZ()
                    : z < -settings.anomalyZ();
            long horizon = h.time(i) + settings.reversalHorizonMs();
            if (!sameSide || horizon > now) {
                continue;
            }
            n++;
            double sign = Math.signum(h.rate(i));
            for (int j = i + 1; j < h.size && h.time(j) <= horizon; j++) {
                if (sign != 0 && Math.signum(h.rate(j)) == -sign) {
                    k++;
                    break;
                }
            }
        }
        return (k + 1.0) / (n + 2.0);
    }

    /** Updates the same-sign run; returns the length of the run a flip just ended, else 0. */
    private static int trackSign(FundingState state, double rate) {
        int sign = (int) Math.signum(rate);
        if (sign == 0) {
            return 0; // a zero rate neither continues nor breaks a run
        }
        if (sign == state.runSign) {
            state.runLength++;
            return 0;
        }
        int ended = state.runSign == 0 ? 0 : state.runLength;
        state.runSign = sign;
        state.runLength = 1;
        return ended;
    }
}
