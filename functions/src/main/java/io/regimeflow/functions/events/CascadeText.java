package io.regimeflow.functions.events;

import io.regimeflow.model.CascadeFeatures;
import io.regimeflow.model.Dominance;
import io.regimeflow.model.HumanNumbers;
import java.util.Arrays;
import java.util.Collection;
import java.util.stream.Collectors;

/** The words of LIQUIDATION_CASCADE. */
public final class CascadeText {
    private CascadeText() {}

    /**
     * {@code 2.50M USD liquidated in the 15 minutes to 2024-03-13 14:32 UTC (10.00M USD/h), 80% of
     * it longs (long-dominated); support 998.4 and 995.5, resistance 1002.5 and 1007.5.}, then the
     * lower-bound note of the venues that throttle their stream.
     *
     * @param priceDecimals decimal places of the market's prices; -1: six significant digits
     * @param venues the venues whose liquidations are in the window
     */
    public static String description(CascadeFeatures c, int windowMinutes, int priceDecimals,
            Collection<String> venues) {
        double longShare = c.totalLiquidationUsd() == 0 ? 0
                : c.longLiquidationsUsd() / c.totalLiquidationUsd();
        return HumanNumbers.usd(c.totalLiquidationUsd()) + " USD liquidated in the "
                + windowMinutes + " minutes to " + HumanNumbers.utc(c.windowEnd()) + " ("
                + HumanNumbers.usd(c.velocityUsdPerHour()) + " USD/h), "
                + HumanNumbers.wholePercent(longShare) + " of it longs ("
                + dominance(c.dominance()) + "); "
                + levels("support", c.supportLevels(), -1, priceDecimals) + ", "
                + levels("resistance", c.resistanceLevels(), 1, priceDecimals) + "."
                + LiquidationFeeds.lowerBoundNote(venues);
    }

    private static String dominance(Dominance d) {
        return switch (d) {
            case LONG -> "long-dominated";
            case SHORT -> "short-dominated";
            case BALANCED -> "balanced";
        };
    }

    /**
     * The levels nearest the price first (support from the highest down, resistance from the
     * lowest up), each rounded to the price step: {@code support 998.4 and 995.5}.
     */
    static String levels(String name, double[] levels, int outward, int priceDecimals) {
        if (levels.length == 0) {
            return "no " + name + " level";
        }
        // Sorted by distance from the price: ascending for resistance, descending for support.
        return name + " " + Arrays.stream(levels).map(l -> outward * l).sorted()
                .map(l -> outward * l).mapToObj(l -> HumanNumbers.price(l, priceDecimals))
                .distinct().collect(Collectors.joining(" and "));
    }
}
