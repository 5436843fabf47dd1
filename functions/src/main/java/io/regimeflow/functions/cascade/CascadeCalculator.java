package io.regimeflow.functions.cascade;

import io.regimeflow.functions.common.RejectedInputException;
import io.regimeflow.model.CascadeFeatures;
import io.regimeflow.model.Dominance;
import io.regimeflow.model.PositionSide;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongFunction;

/**
 * The liquidation cascade of spec §4: liquidation notionals in a sliding 15-minute event-time
 * window evaluated every minute, their velocity and severity, which side dominates, and whether
 * to alert. Liquidations are summed per minute ({@link MinuteBucket}); the caller keeps the
 * buckets (keyed state in Flink, a map in a plain loop) and hands over a lookup by minute.
 * Totals are lower bounds where the venue's stream is throttled (Binance USD-M sends at most one
 * liquidation per symbol per second); the buckets remember the venue so events can say so.
 */
public final class CascadeCalculator {

    /**
     * One evaluation, and whether it raises LIQUIDATION_CASCADE.
     *
     * @param venues the venues whose liquidations are in the window
     * @param priceDecimals decimal places of the latest book's prices, -1 where unknown
     */
    public record Result(CascadeFeatures features, boolean alert, Set<String> venues,
            int priceDecimals) {}

    public static final long MINUTE = 60_000L;

    private final CascadeSettings settings;

    public CascadeCalculator(CascadeSettings settings) {
        this.settings = settings;
    }

    /** The epoch minute of {@code time}. */
    public static long minuteOf(long time) {
        return Math.floorDiv(time, MINUTE);
    }

    /**
     * Adds one liquidation's notional to its minute's bucket.
     *
     * @throws RejectedInputException for a notional that is not a positive number
     */
    public static void add(MinuteBucket bucket, PositionSide liquidated, double notionalUsd) {
        add(bucket, null, liquidated, notionalUsd);
    }

    /** {@link #add(MinuteBucket, PositionSide, double)}, remembering the reporting venue. */
    public static void add(MinuteBucket bucket, String venue, PositionSide liquidated,
            double notionalUsd) {
        if (!(notionalUsd > 0) || Double.isInfinite(notionalUsd)) {
            throw new RejectedInputException("liquidation notional " + notionalUsd
                    + " USD is not a positive amount");
        }
        if (liquidated == PositionSide.LONG) {
            bucket.longUsd += notionalUsd;
        } else {
            bucket.shortUsd += notionalUsd;
        }
        bucket.count++;
        if (venue != null) {
            bucket.venue = venue;
        }
    }

    /** The first epoch minute of the window ending at {@code windowEnd}. */
    public long firstMinute(long windowEnd) {
        return windowEnd / MINUTE - settings.windowMinutes();
    }

    /** Whether any liquidation lies in the window ending at {@code windowEnd}. */
    public boolean hasLiquidations(long windowEnd, LongFunction<MinuteBucket> buckets) {
        for (long m = firstMinute(windowEnd); m < windowEnd / MINUTE; m++) {
            if (buckets.apply(m) != null) {
                return true;
            }
        }
        return false;
    }

    /** Keeps the support and resistance of the latest book (by book time). */
    public void onBook(CascadeState state, long time, OrderBookLevels.Levels levels) {
        if (time >= state.bookTime) {
            state.bookTime = time;
            state.support = levels.support();
            state.resistance = levels.resistance();
            state.priceDecimals = levels.priceDecimals();
        }
    }

    /** Evaluates the window of the minutes before {@code windowEnd} (a minute boundary). */
    public Result evaluate(CascadeState state, long windowEnd, LongFunction<MinuteBucket> buckets) {
        double longUsd = 0;
        double shortUsd = 0;
        int count = 0;
        Set<String> venues = new TreeSet<>();
        for (long m = firstMinute(windowEnd); m < windowEnd / MINUTE; m++) {
            MinuteBucket b = buckets.apply(m);
            if (b != null) {
                longUsd += b.longUsd;
                shortUsd += b.shortUsd;
                count += b.count;
                if (b.venue != null) {
                    venues.add(b.venue);
                }
            }
        }
        double total = longUsd + shortUsd;
        double velocity = total / (settings.windowMinutes() / 60.0);
        int severity = severity(velocity);
        CascadeFeatures features = new CascadeFeatures(windowEnd, total, longUsd, shortUsd,
                velocity, severity, dominance(longUsd, total), count, state.support.clone(),
                state.resistance.clone());
        state.lastWindowNonEmpty = count > 0;
        return new Result(features, alert(state, windowEnd, severity), venues,
                state.priceDecimals);
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
