package io.regimeflow.functions;

import io.regimeflow.functions.cascade.CascadeSettings;
import io.regimeflow.functions.correlation.CorrelationSettings;
import io.regimeflow.functions.funding.FundingSettings;
import io.regimeflow.functions.trend.TrendSettings;
import io.regimeflow.functions.volatility.VolatilitySettings;
import java.io.Serializable;
import java.util.List;

/**
 * Everything the analyses need: the universe and each analysis's thresholds.
 *
 * @param symbolsMayJoin symbols not in {@code symbols} may arrive while the job runs (a
 *     universe read from the exchange); false for a fixed list
 */
public record AnalysisSettings(List<String> symbols, VolatilitySettings volatility,
        FundingSettings funding, CascadeSettings cascade, TrendSettings trend,
        CorrelationSettings correlation, boolean symbolsMayJoin) implements Serializable {

    public AnalysisSettings {
        symbols = List.copyOf(symbols);
    }

    /** A fixed list of symbols. */
    public AnalysisSettings(List<String> symbols, VolatilitySettings volatility,
            FundingSettings funding, CascadeSettings cascade, TrendSettings trend,
            CorrelationSettings correlation) {
        this(symbols, volatility, funding, cascade, trend, correlation, false);
    }

    /** The spec's defaults for {@code symbols}. */
    public static AnalysisSettings defaults(List<String> symbols) {
        return new AnalysisSettings(symbols, VolatilitySettings.defaults(),
                FundingSettings.defaults(), CascadeSettings.defaults(), TrendSettings.defaults(),
                CorrelationSettings.defaults());
    }
}
