package io.regimeflow.functions.volatility;

import io.regimeflow.functions.common.DoubleRing;
import io.regimeflow.functions.common.RejectedInputException;
import io.regimeflow.functions.common.Stats;
import io.regimeflow.model.Predictability;
import io.regimeflow.model.VolatilityFeatures;
import io.regimeflow.model.VolatilityRegime;

/**
 * The volatility regime of spec §2, on every closed 1h candle of a symbol. Plain Java: the Flink
 * function around it only holds the {@link VolatilityState}.
 *
 * <ul>
 *   <li>{@code r_t = ln(close_t / close_{t-1})};
 *   <li>{@code volatility_24h = std(last 24 r) * sqrt(24)} (sample std);
 *   <li>{@code volatility_mean} = mean of the previous 720 volatility_24h values (current
 *       excluded), WARMING_UP below 168 of them;
 *   <li>regime by {@code vol_ratio}; events use hysteresis around the boundaries.
 * </ul>
 */
public final class VolatilityRegimeCalculator {

    /**
     * The features of one hour, and the regime change to report, if any.
     *
     * @param baselineHours how many past hourly volatilities {@code volatility_mean} averages (0
     *     while warming up): 720 is 30 days, fewer while the history is shorter
     */
    public record Result(VolatilityFeatures features, VolatilityRegime changedFrom,
            VolatilityRegime changedTo, int baselineHours) {
        public boolean changed() {
            return changedTo != null;
        }
    }

    private static final VolatilityRegime[] LEVELS = {VolatilityRegime.STABLE,
        VolatilityRegime.HIGH_VOL, VolatilityRegime.EXPLOSIVE, VolatilityRegime.EXTREME};

    private final VolatilitySettings settings;

    public VolatilityRegimeCalculator(VolatilitySettings settings) {
        this.settings = settings;
    }

    /**
     * Folds one closed hour into {@code state} and computes its features.
     *
     * @throws RejectedInputException for a non-positive or NaN close, or an hour not after the
     *     last one; the state is then unchanged
     */
    public Result onHourClose(VolatilityState state, long closeTime, double close) {
        RejectedInputException.requirePrice("close", close);
        if (closeTime <= state.lastCloseTime) {
            throw new RejectedInputException("hour closing at " + closeTime
                    + " is not after the last one at " + state.lastCloseTime);
        }
        if (!Double.isNaN(state.lastClose)) {
            state.returns.add(Math.log(close / state.lastClose));
        }
        state.lastClose = close;
        state.lastCloseTime = closeTime;

        if (state.returns.size < settings.returnWindow()) {
            return warmingUp(closeTime, null);
        }
        double vol24 = Stats.sampleStd(state.returns.lastN(settings.returnWindow()))
                * Math.sqrt(settings.returnWindow());
        DoubleRing past = state.volatilities;
        int baselineHours = past.size;
        boolean warm = baselineHours >= settings.baselineMin();
        double mean = warm ? past.mean() : Double.NaN;
        past.add(vol24); // after computing the mean: the current hour is excluded from it
        if (!warm) {
            return warmingUp(closeTime, vol24);
        }

        Double ratio;
        VolatilityRegime regime;
        if (mean > 0) {
            ratio = vol24 / mean;
            regime = LEVELS[level(ratio)];
        } else {
            // A baseline of zero (a price that never moved): any movement is extreme.
            ratio = vol24 == 0 ? 0.0 : null;
            regime = vol24 == 0 ? VolatilityRegime.STABLE : VolatilityRegime.EXTREME;
        }
        double clustering = clusteringProbability(state.returns.lastN(settings.clusteringWindow()));

        VolatilityRegime from = state.reported;
        // The first regime after warm-up is reported without an event.
        VolatilityRegime to = from == null || ratio == null ? regime : withHysteresis(ratio, from);
        state.reported = to;
        VolatilityFeatures features = new VolatilityFeatures(closeTime, regime, vol24, mean, ratio,
                clustering, predictability(clustering), riskMultiplier(regime), to);
        boolean changed = from != null && to != from;
        return new Result(features, changed ? from : null, changed ? to : null, baselineHours);
    }

    private static Result warmingUp(long closeTime, Double vol24) {
        return new Result(new VolatilityFeatures(closeTime, VolatilityRegime.WARMING_UP, vol24,
                null, null, null, null, null, null), null, null, 0);
    }

    /** 0..3 for STABLE..EXTREME, by the plain table. */
    int level(double ratio) {
        int l = 0;
        for (int k = 1; k <= 3; k++) {
            if (ratio >= settings.lowerBoundary(k)) {
                l = k;
            }
        }
        return l;
    }

    /**
     * The regime to report, moving from {@code current} only past a boundary by the hysteresis
     * margin: up to level k needs {@code ratio >= b_k (1 + h)}, down below b_k needs
     * {@code ratio < b_k (1 - h)}. A jump over several boundaries goes as far as the margin allows.
     */
    VolatilityRegime withHysteresis(double ratio, VolatilityRegime current) {
        int cur = indexOf(current);
        int raw = level(ratio);
        double h = settings.hysteresis();
        int to = cur;
        if (raw > cur) {
            for (int k = cur + 1; k <= raw; k++) {
                if (ratio >= settings.lowerBoundary(k) * (1 + h)) {
                    to = k;
                }
            }
        } else if (raw < cur) {
            for (int k = cur - 1; k >= raw; k--) {
                if (ratio < settings.lowerBoundary(k + 1) * (1 - h)) {
                    to = k;
                }
            }
        }
        return LEVELS[to];
    }

    private static int indexOf(VolatilityRegime r) {
        for (int i = 0; i < LEVELS.length; i++) {
            if (LEVELS[i] == r) {
                return i;
            }
        }
        throw new IllegalArgumentException("not a reportable regime: " + r);
    }

    /**
     * {@code (A + 1) / (B + 2)}: B = hours whose previous hour was active ({@code |r|} above the
     * window's median), A = those that are active too.
     */
    static double clusteringProbability(double[] returns) {
        double[] abs = new double[returns.length];
        for (int i = 0; i < returns.length; i++) {
            abs[i] = Math.abs(returns[i]);
        }
        double median = Stats.median(abs);
        int a = 0;
        int b = 0;
        for (int t = 1; t < abs.length; t++) {
            if (abs[t - 1] > median) {
                b++;
                if (abs[t] > median) {
                    a++;
                }
            }
        }
        return (a + 1.0) / (b + 2.0);
    }

    static Predictability predictability(double clustering) {
        if (clustering >= 0.70) {
            return Predictability.HIGH;
        }
        return clustering >= 0.55 ? Predictability.MEDIUM : Predictability.LOW;
    }

    static double riskMultiplier(VolatilityRegime regime) {
        return switch (regime) {
            case STABLE -> 0.7;
            case HIGH_VOL -> 1.2;
            case EXPLOSIVE -> 1.8;
            case EXTREME -> 2.5;
            case WARMING_UP -> throw new IllegalArgumentException("no multiplier while warming up");
        };
    }
}
