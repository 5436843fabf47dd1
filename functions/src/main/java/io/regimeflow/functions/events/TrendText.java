package io.regimeflow.functions.events;

import io.regimeflow.model.HumanNumbers;
import io.regimeflow.model.RegimeFeatures;
import io.regimeflow.model.TrendRegime;
import java.util.ArrayList;
import java.util.List;

/** The words of REGIME_CONFIRMED: a timeframe without a regime yet is said so, never "null". */
public final class TrendText {
    private TrendText() {}

    /**
     * {@code 3 of 3 timeframes with a regime agree (confidence 100%): 1h SPOT_IGNITION, 4h
     * SPOT_IGNITION, 1d SPOT_IGNITION; 1w has no regime yet.}
     */
    public static String description(RegimeFeatures r) {
        String[] names = {"1h", "4h", "1d", "1w"};
        TrendRegime[] regimes = {r.regime1h(), r.regime4h(), r.regime1d(), r.regime1w()};
        List<String> known = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            if (regimes[i] == null) {
                unknown.add(names[i]);
            } else {
                known.add(names[i] + " " + regimes[i]);
            }
        }
        String s = r.agreementCount() + " of " + r.totalTimeframes() + " timeframes"
                + (unknown.isEmpty() ? "" : " with a regime") + " agree (confidence "
                + HumanNumbers.wholePercent(r.confidence()) + "): " + String.join(", ", known);
        if (!unknown.isEmpty()) {
            s += "; " + join(unknown) + (unknown.size() == 1 ? " has" : " have")
                    + " no regime yet";
        }
        return s + ".";
    }

    /** {@code 1d and 1w}, {@code 4h, 1d and 1w}. */
    private static String join(List<String> parts) {
        int last = parts.size() - 1;
        return last == 0 ? parts.get(0)
                : String.join(", ", parts.subList(0, last)) + " and " + parts.get(last);
    }
}
