package io.regimeflow.functions.snapshot;

import io.regimeflow.model.CascadeFeatures;
import io.regimeflow.model.CorrelationFeatures;
import io.regimeflow.model.FeatureSnapshot;
import io.regimeflow.model.FundingFeatures;
import io.regimeflow.model.RegimeFeatures;
import io.regimeflow.model.VolatilityFeatures;

/**
 * One analysis result for one symbol, on its way to the snapshot: exactly one part is set. A
 * POJO with a field per kind, so the five analyses can be unioned into one keyed stream without a
 * polymorphic (Kryo) type.
 */
public record FeaturePart(String symbol, CascadeFeatures cascades, FundingFeatures funding,
        VolatilityFeatures volatility, RegimeFeatures regimes,
        CorrelationFeatures correlations) {

    /** {@code snapshot} with this part in place of the same analysis's older one. */
    public FeatureSnapshot applyTo(FeatureSnapshot snapshot) {
        FeatureSnapshot s = snapshot;
        return new FeatureSnapshot(s.timestamp(), s.symbol(),
                cascades != null ? cascades : s.cascades(),
                funding != null ? funding : s.funding(),
                volatility != null ? volatility : s.volatility(),
                regimes != null ? regimes : s.regimes(),
                correlations != null ? correlations : s.correlations());
    }

    /** Its analysis: 0 cascades, 1 funding, 2 volatility, 3 regimes, 4 correlations. */
    int kind() {
        if (cascades != null) {
            return 0;
        }
        if (funding != null) {
            return 1;
        }
        if (volatility != null) {
            return 2;
        }
        return regimes != null ? 3 : 4;
    }

    public static FeaturePart of(String symbol, CascadeFeatures c) {
        return new FeaturePart(symbol, c, null, null, null, null);
    }

    public static FeaturePart of(String symbol, FundingFeatures f) {
        return new FeaturePart(symbol, null, f, null, null, null);
    }

    public static FeaturePart of(String symbol, VolatilityFeatures v) {
        return new FeaturePart(symbol, null, null, v, null, null);
    }

    public static FeaturePart of(String symbol, RegimeFeatures r) {
        return new FeaturePart(symbol, null, null, null, r, null);
    }

    public static FeaturePart of(String symbol, CorrelationFeatures c) {
        return new FeaturePart(symbol, null, null, null, null, c);
    }
}
