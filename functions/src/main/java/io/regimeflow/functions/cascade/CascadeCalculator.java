package io.regimeflow.functions.cascade;

import io.regimeflow.functions.common.RejectedInputException;
import io.regimeflow.model.CascadeFeatures;
import io.regimeflow.model.Dominance;
import io.regimeflow.model.PositionSide;

/**
 * The liquidation cascade of spec §4: liquidation notionals in a sliding 15-minute event-time
 * window evaluated every minute, their velocity and severity, which side dominates, and whether
 * to alert. Totals are lower bounds: venues send at most one liquidation per symbol per second.
 */
public final class CascadeCalculator {

    /** One evaluation, and whether it raises LIQUIDATION_CASCADE. */
    public record Result(CascadeFeatures features, boolean alert) {}

    private static final long MINUTE = 60_000L;

    private final CascadeSettings settings;

    public CascadeCalculator(CascadeSettings settings) {
        this.settings = settings;
    }

    /**
     * Adds one liquidation's notional to its minute.
     *
     * @throws RejectedInputException for a notional that is not a positive number, or a
     *     liquidation older than the minutes the ring still holds
     */
    public void addLiquidation(CascadeState state, long time, PositionSide liquidated,
            double notionalUsd) {
        if (!(notionalUsd > 0) || Double.isInfinite(notionalUsd)) {
            throw new RejectedInputException("liquidation notional " + notionalUsd
                    + " USD is not a positive amount");
        }
        long minute = Math.floorDiv(time, MINUTE);
        int slot = (int) Math.floorMod(minute, (long) state.minutes.length);
        if (state.minutes[slot] > minute) {
            throw new RejectedInputException("liquidation at " + time + " is older than the "
                    + state.minutes.length + " minutes kept");
        }
        if (state.minutes[slot] != minute) {
            state.minutes[slot] = minute;
            state.longUsd[slot] = 0;
            state.shortUsd[slot] = 0;
            state.counts[slot] = 0;
        }
        if (liquidated == PositionSide.LONG) {
            state.longUsd[slot] += notionalUsd;
        } else {
            state.shortUsd[slot] += notionalUsd;
        }
        state.counts[slot]++;
    }

    /** Keeps the support and resistance of the latest book (by book time). */
    public void onBook(CascadeState state, long time, OrderBookLevels.Levels levels) {
        if (time >= state.bookTime) {
            state.bookTime = time;
            state.support = levels.support();
            state.resistance = levels.resistance();
        }
    }

    /** Whether any liquidation lies in the window ending at {@code windowEnd}. */
    public boolean hasLiquidations(CascadeState state, long windowEnd) {
        long last = windowEnd / MINUTE - 1;
        for (long m : state.minutes) {
            if (m > last - settings.windowMinutes() && m <= last) {
                return true;
            }
        }
        return false;
    }

    /** Evaluates the window of the minutes before {@code windowEnd} (a minute boundary). */
    public Result evaluate(CascadeState state, long windowEnd) {
        long last = windowEnd / MINUTE - 1;
        double longUsd = 0;
        double shortUsd = 0;
        int count = 0;
        for (int i = 0; i < state.minutes.length; i++) {
            long m = state.minutes[i];
            if (m > last - settings.windowMinutes() && m <= last) {
                longUsd += state.longUsd[i];
                shortUsd += state.shortUsd[i];
                count += state.counts[i];
            }
        }
        double total = longUsd + shortUsd;
        double velocity = total / (settings.windowMinutes() / 60.0);
        int severity = severity(velocity);
        CascadeFeatures features = new CascadeFeatures(windowEnd, total, longUsd, shortUsd,
                velocity, severity, dominance(longUsd, total), count, state.support.clone(),
                state.resistance.clone());
        return new Result(features, alert(state, windowEnd, severity));
    }

    int severity(double velocityUsdPerHour) {
        int s = 1;
        for (double threshold : settings.severityThresholds()) {
            if (velocityUsdPerHour >= threshold) {
                s++;
            }
        }
        return s;
    }

    Dominance dominance(double longUsd, double total) {
        if (total <= 0) {
            return Dominance.BALANCED;
        }
        double longShare = longUsd / total;
        if (longShare >= settings.longDominance()) {
            return Dominance.LONG;
        }
        return longShare <= settings.shortDominance() ? Dominance.SHORT : Dominance.BALANCED;
    }

    /**
     * Alert when severity reaches the bar; the same symbol alerts again only when severity rises,
     * or after 30 minutes without a cascade.
     */
    private boolean alert(CascadeState state, long windowEnd, int severity) {
        if (state.alertedSeverity > 0
                && windowEnd - state.lastCascadeEnd >= settings.refireMinutes() * MINUTE) {
            state.alertedSeverity = 0; // the cascade is over
        }
        if (severity < settings.eventMinSeverity()) {
            return false;
        }
        state.lastCascadeEnd = windowEnd;
        if (severity > state.alertedSeverity) {
            state.alertedSeverity = severity;
            return true;
        }
        return false;
    }
}
