package io.regimeflow.functions.events;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What each venue's public liquidation stream leaves out, for the "lower bound" note of a
 * cascade. Only a throttled or partial stream makes the totals lower bounds:
 *
 * <ul>
 *   <li>{@code binance-usdm}: {@code <symbol>@forceOrder} pushes only the latest liquidation of
 *       a symbol in each 1000 ms;
 *   <li>{@code okx}: channel {@code liquidation-orders} does not carry every liquidation (its
 *       documentation: at most one order per contract per second; "this data doesn't represent
 *       the total number of liquidations");
 *   <li>{@code bybit}: {@code allLiquidation.<symbol>} pushes all liquidations (every 500 ms):
 *       no note;
 *   <li>{@code hyperliquid} has no liquidation stream (no cascades at all); the simulator and
 *       unknown sources get no note.
 * </ul>
 */
final class LiquidationFeeds {
    private LiquidationFeeds() {}

    /** {@code " Totals are lower bounds: ..."}, or empty when no venue in the window throttles. */
    static String lowerBoundNote(Collection<String> venues) {
        List<String> reasons = new ArrayList<>();
        for (String venue : venues) {
            String reason = switch (venue) {
                case "binance-usdm" ->
                        "Binance USD-M sends at most one liquidation per symbol per second";
                case "okx" -> "OKX's feed does not carry every liquidation";
                default -> null;
            };
            if (reason != null) {
                reasons.add(reason);
            }
        }
        return reasons.isEmpty() ? "" : " Totals are lower bounds: " + String.join("; ", reasons)
                + ".";
    }
}
