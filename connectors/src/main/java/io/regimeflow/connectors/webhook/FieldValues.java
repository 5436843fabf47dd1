package io.regimeflow.connectors.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimeflow.model.HumanNumbers;
import java.util.Locale;
import java.util.Set;

/**
 * A data field's value as a chat message shows it: funding rates as percentages, volatilities as
 * percentages, z-scores to one decimal, USD in k/M/B, times in UTC, shares as whole percentages,
 * never {@code 5.977E-5}. The event's JSON {@code data} itself is left as it is.
 */
final class FieldValues {
    private static final Set<String> TIMES = Set.of("time", "window_end", "funding_time");
    private static final Set<String> SHARES = Set.of("persistence_score",
            "reversal_probability", "clustering_probability", "confidence", "drop");

    private FieldValues() {}

    /** {@code value} of the data field {@code key}, for people. */
    static String of(String key, JsonNode value) {
        if (value.isBoolean()) {
            return value.asBoolean() ? "yes" : "no";
        }
        if (!value.isNumber()) {
            return value.asText();
        }
        double v = value.asDouble();
        if (TIMES.contains(key) || key.endsWith("_time")) {
            return HumanNumbers.utc(value.asLong());
        }
        if (value.isIntegralNumber() && !key.endsWith("_usd")) {
            return value.asText();
        }
        if (SHARES.contains(key)) {
            return HumanNumbers.wholePercent(v);
        }
        return switch (key) {
            case "funding_rate" -> HumanNumbers.signedPercent2(v);
            case "hourly_rate" -> HumanNumbers.percent2(v) + "/h";
            case "z_score" -> HumanNumbers.z(v);
            case "volatility_24h", "volatility_mean" -> HumanNumbers.percent(v);
            case "vol_ratio", "risk_multiplier" -> HumanNumbers.ratio(v);
            case "velocity_usd_per_hour" -> HumanNumbers.usd(v) + " USD/h";
            case "corr_7d", "corr_30d" -> String.format(Locale.ROOT, "%.2f", v);
            default -> key.endsWith("_usd") ? HumanNumbers.usd(v) + " USD"
                    : HumanNumbers.significant(v, 4);
        };
    }
}
