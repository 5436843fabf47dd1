package io.regimeflow.functions.events;

import io.regimeflow.model.HumanNumbers;
import io.regimeflow.model.VolatilityFeatures;
import io.regimeflow.model.VolatilityRegime;

/** The words of VOLATILITY_REGIME_CHANGE: volatilities as percentages, the mean's real span. */
public final class VolatilityText {
    private VolatilityText() {}

    /**
     * {@code 24h volatility 3.2% is 2.55x its 30-day mean of 1.3%; was STABLE.}, saying how the
     * hour's table regime differs from the reported one when it does.
     *
     * @param baselineHours past hourly volatilities the mean averages
     */
    public static String description(VolatilityFeatures v, VolatilityRegime from,
            VolatilityRegime to, int baselineHours) {
        String mean = HumanNumbers.span(baselineHours) + " mean";
        String s;
        if (v.volRatio() == null) {
            s = "24h volatility " + HumanNumbers.percent(v.volatility24h()) + " against a " + mean
                    + " of 0% (the price had not moved); was " + from + ".";
        } else {
            s = "24h volatility " + HumanNumbers.percent(v.volatility24h()) + " is "
                    + HumanNumbers.ratio(v.volRatio()) + " its " + mean + " of "
                    + HumanNumbers.percent(v.volatilityMean()) + "; was " + from + ".";
        }
        if (v.regime() != to) {
            s += " This hour's ratio alone reads " + v.regime() + "; a regime is reported only"
                    + " once the ratio is clearly past its boundary.";
        }
        return s;
    }
}
