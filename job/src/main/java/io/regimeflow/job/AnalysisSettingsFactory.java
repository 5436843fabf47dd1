package io.regimeflow.job;

import io.regimeflow.functions.AnalysisSettings;
import io.regimeflow.functions.cascade.CascadeSettings;
import io.regimeflow.functions.correlation.CorrelationSettings;
import io.regimeflow.functions.funding.FundingSettings;
import io.regimeflow.functions.trend.TrendSettings;
import io.regimeflow.functions.volatility.VolatilitySettings;
import io.regimeflow.job.config.RegimeflowConfig;

/** Builds the analyses' settings from the configuration. */
final class AnalysisSettingsFactory {

    private AnalysisSettingsFactory() {}

    static AnalysisSettings create(RegimeflowConfig config) {
        RegimeflowConfig.Analysis a = config.analysis();
        RegimeflowConfig.Volatility v = a.volatility();
        RegimeflowConfig.Funding f = a.funding();
        RegimeflowConfig.Cascade c = a.cascade();
        RegimeflowConfig.Trend t = a.trend();
        RegimeflowConfig.Correlation k = a.correlation();
        return new AnalysisSettings(config.symbols(),
                new VolatilitySettings(v.returnWindow(), v.baselineWindow(), v.baselineMin(),
                        v.boundaries().get(0), v.boundaries().get(1), v.boundaries().get(2),
                        v.hysteresis(), v.clusteringWindow()),
                new FundingSettings(f.history().toMillis(), f.minHistory(), f.anomalyZ(),
                        f.persistenceWindow().toMillis(), f.retention().toMillis(),
                        f.reversalHorizon().toMillis()),
                new CascadeSettings((int) c.window().toMinutes(),
                        c.severityThresholds().stream().mapToDouble(Double::doubleValue)
                                .toArray(), c.longDominance(), c.shortDominance(), c.bookBin(),
                        c.eventMinSeverity(), (int) c.refireAfter().toMinutes()),
                new TrendSettings(t.lookback(), t.zThreshold(), t.heatThreshold(),
                        t.chopEfficiency(), t.confirmAgreement()),
                new CorrelationSettings(k.shortWindow(), k.longWindow(), k.minReturns(),
                        k.breakMinCorr(), k.breakRatio(), k.leadThreshold(),
                        k.snapshotPairs()),
                config.universe() != null);
    }
}
