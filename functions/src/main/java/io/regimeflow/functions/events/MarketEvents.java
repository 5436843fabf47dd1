package io.regimeflow.functions.events;

import io.regimeflow.model.BreakSeverity;
import io.regimeflow.model.CascadeFeatures;
import io.regimeflow.model.EventType;
import io.regimeflow.model.FundingFeatures;
import io.regimeflow.model.HumanNumbers;
import io.regimeflow.model.MarketEvent;
import io.regimeflow.model.MarketJson;
import io.regimeflow.model.PairCorrelation;
import io.regimeflow.model.RegimeFeatures;
import io.regimeflow.model.Severity;
import io.regimeflow.model.VolatilityFeatures;
import io.regimeflow.model.VolatilityRegime;
import java.util.Collection;
import java.util.Locale;

/**
 * Builds the six events of spec §8 with their severities. The id is the event type, the subject
 * (symbol or pair) and the event time of the analysis result that raised it: all three come from
 * the input, so a replay or a restore from a checkpoint produces the same id and receivers can
 * deduplicate on it. {@code data} is the full analysis record; titles and descriptions are for
 * people and come from the *Text classes.
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

    /**
     * LIQUIDATION_CASCADE: WARNING at severity 3, CRITICAL from 4.
     *
     * @param windowMinutes the sliding window's length
     * @param priceDecimals decimal places of the symbol's prices (-1: unknown)
     * @param venues the venues whose liquidations are in the window, for the lower-bound note
     */
    public static MarketEvent cascade(String symbol, CascadeFeatures c, int windowMinutes,
            int priceDecimals, Collection<String> venues) {
        Severity severity = c.severity() >= 4 ? Severity.CRITICAL
                : c.severity() == 3 ? Severity.WARNING : Severity.INFO;
        return of(EventType.LIQUIDATION_CASCADE, symbol, c.windowEnd(), severity,
                symbol + " liquidation cascade, severity " + c.severity(),
                CascadeText.description(c, windowMinutes, priceDecimals, venues), c);
    }

    /** FUNDING_ANOMALY: WARNING for 2 < |z| < 3, CRITICAL from 3. */
    public static MarketEvent fundingAnomaly(String symbol, FundingFeatures f,
            FundingText.Spans spans) {
        double z = Math.abs(f.zScore());
        Severity severity = z >= 3 ? Severity.CRITICAL : Severity.WARNING;
        return of(EventType.FUNDING_ANOMALY, symbol, f.fundingTime(), severity,
                FundingText.anomalyTitle(symbol, f),
                FundingText.anomalyDescription(symbol, f, spans), f);
    }

    /** FUNDING_REVERSAL: INFO. */
    public static MarketEvent fundingReversal(String symbol, FundingFeatures f, int runLength) {
        return of(EventType.FUNDING_REVERSAL, symbol, f.fundingTime(), Severity.INFO,
                FundingText.reversalTitle(symbol, f),
                FundingText.reversalDescription(f, runLength), f);
    }

    /**
     * VOLATILITY_REGIME_CHANGE: WARNING to EXPLOSIVE, CRITICAL to EXTREME. Title and severity
     * name the reported regime {@code to}, as {@code data.reported_regime} does (spec §2); the
     * hour's table regime stays in {@code vol_regime}.
     *
     * @param baselineHours past hourly volatilities behind volatility_mean
     */
    public static MarketEvent volatilityChange(String symbol, VolatilityFeatures v,
            VolatilityRegime from, VolatilityRegime to, int baselineHours) {
        Severity severity = to == VolatilityRegime.EXTREME ? Severity.CRITICAL
                : to == VolatilityRegime.EXPLOSIVE ? Severity.WARNING : Severity.INFO;
        return of(EventType.VOLATILITY_REGIME_CHANGE, symbol, v.time(), severity,
                symbol + " volatility " + from + " -> " + to,
                VolatilityText.description(v, from, to, baselineHours), v);
    }

    /**
     * CORRELATION_BREAK: WARNING when HIGH, else INFO.
     *
     * @param shortHours aligned hourly returns behind corr_7d
     * @param longHours aligned hourly returns behind corr_30d
     */
    public static MarketEvent correlationBreak(PairCorrelation p, long time, long shortHours,
            long longHours) {
        Severity severity = p.breakSeverity() == BreakSeverity.HIGH ? Severity.WARNING
                : Severity.INFO;
        String description = HumanNumbers.span(shortHours) + " correlation "
                + String.format(Locale.ROOT, "%.2f", p.corr7d()) + " against "
                + HumanNumbers.span(longHours) + " correlation "
                + String.format(Locale.ROOT, "%.2f", p.corr30d()) + " (down "
                + HumanNumbers.wholePercent(p.drop()) + ").";
        return of(EventType.CORRELATION_BREAK, p.pair(), time, severity,
                p.pair() + " correlation break, " + p.breakSeverity(), description, p);
    }

    /** REGIME_CONFIRMED: INFO. */
    public static MarketEvent regimeConfirmed(String symbol, RegimeFeatures r) {
        return of(EventType.REGIME_CONFIRMED, symbol, r.time(), Severity.INFO,
                symbol + " " + r.primaryRegime() + " confirmed", TrendText.description(r), r);
    }
}
