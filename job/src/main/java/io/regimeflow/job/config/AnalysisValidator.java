package io.regimeflow.job.config;

import java.util.Map;

/** The rules of the {@code analysis.*} keys the types alone do not express. */
final class AnalysisValidator extends ConfigChecks {

    AnalysisValidator(Map<String, String> origins) {
        super(origins);
    }

    void check(RegimeflowConfig.Analysis a) {
        RegimeflowConfig.Volatility v = a.volatility();
        atLeast("analysis.volatility.return-window", v.returnWindow(), 2);
        atLeast("analysis.volatility.baseline-window", v.baselineWindow(), 1);
        atLeast("analysis.volatility.baseline-min", v.baselineMin(), 1);
        if (v.baselineMin() > v.baselineWindow()) {
            fail("analysis.volatility.baseline-min", v.baselineMin(),
                    "at most analysis.volatility.baseline-window (" + v.baselineWindow() + ")");
        }
        ascending("analysis.volatility.boundaries", v.boundaries(), 3);
        if (!(v.hysteresis() >= 0 && v.hysteresis() < 1)) {
            fail("analysis.volatility.hysteresis", v.hysteresis(), "a share in [0, 1)");
        }
        atLeast("analysis.volatility.clustering-window", v.clusteringWindow(), 3);

        RegimeflowConfig.Funding f = a.funding();
        positive("analysis.funding.history", f.history());
        atLeast("analysis.funding.min-history", f.minHistory(), 2);
        positiveNumber("analysis.funding.anomaly-z", f.anomalyZ());
        positive("analysis.funding.persistence-window", f.persistenceWindow());
        positive("analysis.funding.retention", f.retention());
        positive("analysis.funding.reversal-horizon", f.reversalHorizon());

        RegimeflowConfig.Cascade c = a.cascade();
        positive("analysis.cascade.window", c.window());
        if (c.window().toMillis() % 60_000 != 0) {
            fail("analysis.cascade.window", c.window(), "a whole number of minutes");
        }
        ascending("analysis.cascade.severity-thresholds", c.severityThresholds(), 4);
        probability("analysis.cascade.long-dominance", c.longDominance());
        probability("analysis.cascade.short-dominance", c.shortDominance());
        if (c.shortDominance() >= c.longDominance()) {
            fail("analysis.cascade.short-dominance", c.shortDominance(),
                    "less than analysis.cascade.long-dominance (" + c.longDominance() + ")");
        }
        if (!(c.bookBin() > 0 && c.bookBin() <= 0.1)) {
            fail("analysis.cascade.book-bin", c.bookBin(), "a share of the mid price in (0, 0.1]");
        }
        if (c.eventMinSeverity() < 1 || c.eventMinSeverity() > 5) {
            fail("analysis.cascade.event-min-severity", c.eventMinSeverity(), "1 to 5");
        }
        positive("analysis.cascade.refire-after", c.refireAfter());

        RegimeflowConfig.Trend t = a.trend();
        atLeast("analysis.trend.lookback", t.lookback(), 3);
        positiveNumber("analysis.trend.z-threshold", t.zThreshold());
        probability("analysis.trend.heat-threshold", t.heatThreshold());
        probability("analysis.trend.chop-efficiency", t.chopEfficiency());
        if (t.confirmAgreement() < 1 || t.confirmAgreement() > 4) {
            fail("analysis.trend.confirm-agreement", t.confirmAgreement(), "1 to 4 timeframes");
        }

        RegimeflowConfig.Correlation k = a.correlation();
        atLeast("analysis.correlation.min-returns", k.minReturns(), 3);
        if (k.shortWindow() < k.minReturns()) {
            fail("analysis.correlation.short-window", k.shortWindow(),
                    "at least analysis.correlation.min-returns (" + k.minReturns() + ")");
        }
        if (k.longWindow() < k.shortWindow()) {
            fail("analysis.correlation.long-window", k.longWindow(),
                    "at least analysis.correlation.short-window (" + k.shortWindow() + ")");
        }
        probability("analysis.correlation.break-min-corr", k.breakMinCorr());
        if (!(k.breakRatio() > 0 && k.breakRatio() < 1)) {
            fail("analysis.correlation.break-ratio", k.breakRatio(), "a ratio in (0, 1)");
        }
        if (!(k.leadThreshold() >= 0 && k.leadThreshold() < 2)) {
            fail("analysis.correlation.lead-threshold", k.leadThreshold(),
                    "a correlation difference in [0, 2)");
        }
        atLeast("analysis.correlation.snapshot-pairs", k.snapshotPairs(), 0);
    }
}
