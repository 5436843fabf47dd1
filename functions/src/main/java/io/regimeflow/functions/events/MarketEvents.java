package io.regimeflow.functions.events;

import io.regimeflow.model.BreakSeverity;
import io.regimeflow.model.CascadeFeatures;
import io.regimeflow.model.EventType;
import io.regimeflow.model.FundingFeatures;
import io.regimeflow.model.MarketEvent;
import io.regimeflow.model.MarketJson;
import io.regimeflow.model.PairCorrelation;
import io.regimeflow.model.RegimeFeatures;
import io.regimeflow.model.Severity;
import io.regimeflow.model.VolatilityFeatures;
import io.regimeflow.model.VolatilityRegime;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Builds the six events of spec §8 with their severities. The id is the event type, the subject
 * (symbol or pair) and the event time of the analysis result that raised it: all three come from
 * the input, so a replay or a restore from a checkpoint produces the same id and receivers can
 * deduplicate on it. {@code data} is the full analysis record.
 */
public final class MarketEvents {
    private MarketEvents() {}

    public static String id(EventType type, String subject, long eventTime) {
        return type.name() + ":" + subject + ":" + eventTime;
    }

    static MarketEvent of(EventType type, String subject, long eventTime, Severity severity,
            String title, String description, Object record) {
        return new MarketEvent(id(type, subject, eventTime), type, subject, severity, title,
                description, eventTime, MarketJson.write(record));
    }

    /** LIQUIDATION_CASCADE: WARNING at severity 3, CRITICAL from 4. */
    public static MarketEvent cascade(String symbol, CascadeFeatures c) {
        Severity severity = c.severity() >= 4 ? Severity.CRITICAL
                : c.severity() == 3 ? Severity.WARNING : Severity.INFO;
        double longShare = c.totalLiquidationUsd() == 0 ? 0
                : c.longLiquidationsUsd() / c.totalLiquidationUsd();
        String description = String.format(Locale.ROOT,
                "%s USD liquidated in the 15 minutes to %s (%s USD/h), %.0f%% longs, %s "
                        + "dominated; support %s, resistance %s. Totals are lower bounds: the "
                        + "venue reports at most one liquidation per second.",
                usd(c.totalLiquidationUsd()), java.time.Instant.ofEpochMilli(c.windowEnd()),
                usd(c.velocityUsdPerHour()), longShare * 100, c.dominance(),
                levels(c.supportLevels()), levels(c.resistanceLevels()));
        return of(EventType.LIQUIDATION_CASCADE, symbol, c.windowEnd(), severity,
                symbol + " liquidation cascade, severity " + c.severity(), description, c);
    }

    /** FUNDING_ANOMALY: WARNING for 2 < |z| < 3, CRITICAL from 3. */
    public static MarketEvent fundingAnomaly(String symbol, FundingFeatures f) {
        double z = Math.abs(f.zScore());
        Severity severity = z >= 3 ? Severity.CRITICAL : Severity.WARNING;
        String description = String.format(Locale.ROOT,
                "funding %s per %dh (%s per hour), z-score %.2f against 30 days; persistence "
                        + "%.2f, reversal probability %.2f",
                f.fundingRate(), f.intervalHours(), f.hourlyRate(), f.zScore(),
                f.persistenceScore(), f.reversalProbability());
        return of(EventType.FUNDING_ANOMALY, symbol, f.fundingTime(), severity,
                symbol + " funding " + f.extremeLevel(), description, f);
    }

    /** FUNDING_REVERSAL: INFO. */
    public static MarketEvent fundingReversal(String symbol, FundingFeatures f, int runLength) {
        String direction = f.fundingRate() > 0 ? "positive" : "negative";
        return of(EventType.FUNDING_REVERSAL, symbol, f.fundingTime(), Severity.INFO,
                symbol + " funding turned " + direction,
                String.format(Locale.ROOT, "funding %s per %dh after %d settlements of the "
                        + "other sign", f.fundingRate(), f.intervalHours(), runLength), f);
    }

    /** VOLATILITY_REGIME_CHANGE: WARNING to EXPLOSIVE, CRITICAL to EXTREME. */
    public static MarketEvent volatilityChange(String symbol, VolatilityFeatures v,
            VolatilityRegime from, VolatilityRegime to) {
        Severity severity = to == VolatilityRegime.EXTREME ? Severity.CRITICAL
                : to == VolatilityRegime.EXPLOSIVE ? Severity.WARNING : Severity.INFO;
        String description = v.volRatio() == null
                ? String.format(Locale.ROOT, "24h volatility %.4f against a zero baseline",
                        v.volatility24h())
                : String.format(Locale.ROOT, "24h volatility %.4f is %.2fx its 30-day mean "
                        + "%.4f; was %s", v.volatility24h(), v.volRatio(), v.volatilityMean(), from);
        return of(EventType.VOLATILITY_REGIME_CHANGE, symbol, v.time(), severity,
                symbol + " volatility " + from + " -> " + to, description, v);
    }

    /** CORRELATION_BREAK: WARNING when HIGH, else INFO. */
    public static MarketEvent correlationBreak(PairCorrelation p, long time) {
        Severity severity = p.breakSeverity() == BreakSeverity.HIGH ? Severity.WARNING
                : Severity.INFO;
        String description = String.format(Locale.ROOT,
                "7-day correlation %.2f against 30-day %.2f (a %.0f%% drop)", p.corr7d(),
                p.corr30d(), p.drop() * 100);
        return of(EventType.CORRELATION_BREAK, p.pair(), time, severity,
                p.pair() + " correlation break, " + p.breakSeverity(), description, p);
    }

    /** REGIME_CONFIRMED: INFO. */
    public static MarketEvent regimeConfirmed(String symbol, RegimeFeatures r) {
        return of(EventType.REGIME_CONFIRMED, symbol, r.time(), Severity.INFO,
                symbol + " " + r.primaryRegime() + " confirmed",
                String.format(Locale.ROOT, "%d of %d timeframes agree (confidence %.2f): 1h %s, "
                        + "4h %s, 1d %s, 1w %s", r.agreementCount(), r.totalTimeframes(),
                        r.confidence(), r.regime1h(), r.regime4h(), r.regime1d(), r.regime1w()),
                r);
    }

    private static String usd(double v) {
        if (v >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", v / 1e6);
        }
        return v >= 1e3 ? String.format(Locale.ROOT, "%.1fk", v / 1e3)
                : String.format(Locale.ROOT, "%.0f", v);
    }

    private static String levels(double[] levels) {
        return levels.length == 0 ? "none" : Arrays.stream(levels)
                .mapToObj(l -> String.format(Locale.ROOT, "%.6g", l))
                .collect(Collectors.joining(", "));
    }
}
