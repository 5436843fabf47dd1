package io.regimeflow.functions.trend;

import io.regimeflow.functions.common.RejectedInputException;
import io.regimeflow.functions.common.Stats;
import io.regimeflow.model.RegimeFeatures;
import io.regimeflow.model.Timeframe;
import io.regimeflow.model.TrendRegime;

/**
 * The multi-timeframe trend regime of spec §5: a regime per timeframe on each closed candle, over
 * the last 20 candles, and a combined record of the timeframes' latest regimes.
 */
public final class TrendRegimeCalculator {

    /** The combined record, and whether it confirms a new regime. */
    public record Combined(RegimeFeatures features, boolean confirmed) {}

    /** Relative std below which closes count as flat. */
    static final double FLAT = 1e-12;

    private final TrendSettings settings;

    public TrendRegimeCalculator(TrendSettings settings) {
        this.settings = settings;
    }

    /**
     * Folds one closed candle of {@code timeframe} into the state.
     *
     * @return the timeframe's regime, or null while it has fewer than L candles
     * @throws RejectedInputException for a bad price or volume, or a candle not after the last
     */
    public TrendRegime onCandle(TrendState state, Timeframe timeframe, long openTime,
            double close, double quoteVolume) {
        RejectedInputException.requirePrice(timeframe.label() + " close", close);
        if (!(quoteVolume >= 0) || Double.isInfinite(quoteVolume)) {
            throw new RejectedInputException("quote volume " + quoteVolume + " is not a volume");
        }
        TimeframeTrend f = state.frames[timeframe.ordinal()];
        if (openTime <= f.lastOpenTime) {
            throw new RejectedInputException(timeframe.label() + " candle at " + openTime
                    + " is not after the last one at " + f.lastOpenTime);
        }
        f.lastOpenTime = openTime;
        f.closes.add(close);
        f.quoteVolumes.add(quoteVolume);
        if (f.closes.size < settings.lookback()) {
            return null;
        }
        double[] closes = f.closes.lastN(settings.lookback());
        double[] volumes = f.quoteVolumes.lastN(settings.lookback());
        f.regime = classify(priceZ(closes), heat(volumes), efficiency(closes));
        return f.regime;
    }

    /** {@code (close - mean) / std} of the window, current included; 0 for a flat window. */
    static double priceZ(double[] closes) {
        double mean = Stats.mean(closes);
        double std = Stats.sampleStd(closes);
        if (std <= FLAT * mean) {
            return 0;
        }
        return (closes[closes.length - 1] - mean) / std;
    }

    /** Share of the other candles whose quote volume is below the current one's. */
    static double heat(double[] volumes) {
        double current = volumes[volumes.length - 1];
        int below = 0;
        for (int i = 0; i < volumes.length - 1; i++) {
            if (volumes[i] < current) {
                below++;
            }
        }
        return (double) below / (volumes.length - 1);
    }

    /** Net move over the path travelled; 0 where the price never moved. */
    static double efficiency(double[] closes) {
        double path = 0;
        for (int i = 1; i < closes.length; i++) {
            path += Math.abs(closes[i] - closes[i - 1]);
        }
        return path == 0 ? 0 : Math.abs(closes[closes.length - 1] - closes[0]) / path;
    }

    TrendRegime classify(double priceZ, double heat, double efficiency) {
        if (priceZ >= settings.zThreshold() && heat >= settings.heatThreshold()) {
            return TrendRegime.SPOT_IGNITION;
        }
        if (priceZ <= -settings.zThreshold()) {
            return TrendRegime.SPOT_COOLING;
        }
        if (Math.abs(priceZ) < settings.zThreshold() && efficiency < settings.chopEfficiency()) {
            return TrendRegime.SPOT_CHOP;
        }
        return TrendRegime.SPOT_NEUTRAL;
    }

    /**
     * The combined record from each timeframe's latest regime: the regime most timeframes hold
     * (a tie goes to the regime of the longest timeframe among the tied), and whether it is
     * confirmed (at least 3 agree) and differs from the last confirmed one.
     */
    public Combined combine(TrendState state, long time) {
        TrendRegime[] byFrame = new TrendRegime[state.frames.length];
        int[] counts = new int[TrendRegime.values().length];
        int total = 0;
        for (int i = 0; i < byFrame.length; i++) {
            byFrame[i] = state.frames[i].regime;
            if (byFrame[i] != null) {
                counts[byFrame[i].ordinal()]++;
                total++;
            }
        }
        TrendRegime primary = null;
        int agreement = 0;
        // Longest timeframe first, so that among tied regimes the longest timeframe's wins.
        for (int i = byFrame.length - 1; i >= 0; i--) {
            TrendRegime r = byFrame[i];
            if (r != null && counts[r.ordinal()] > agreement) {
                primary = r;
                agreement = counts[r.ordinal()];
            }
        }
        RegimeFeatures features = new RegimeFeatures(time, byFrame[Timeframe.H1.ordinal()],
                byFrame[Timeframe.H4.ordinal()], byFrame[Timeframe.D1.ordinal()],
                byFrame[Timeframe.W1.ordinal()], primary,
                total == 0 ? 0 : (double) agreement / total, agreement, total);
        boolean confirmed = primary != null && agreement >= settings.confirmAgreement()
                && primary != state.lastConfirmed;
        if (confirmed) {
            state.lastConfirmed = primary;
        }
        return new Combined(features, confirmed);
    }
}
