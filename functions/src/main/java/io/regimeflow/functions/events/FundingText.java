package io.regimeflow.functions.events;

import io.regimeflow.model.FundingFeatures;
import io.regimeflow.model.FundingLevel;
import io.regimeflow.model.HumanNumbers;

/**
 * The words of FUNDING_ANOMALY and FUNDING_REVERSAL. An anomaly is unusual for the symbol's own
 * history, not for funding in general: a positive rate far below the symbol's usual one is
 * "unusually low for SOL", never plain "LOW".
 */
public final class FundingText {

    /**
     * The spans the numbers of an anomaly are taken over, in hours.
     *
     * @param history how far back the history behind the z-score goes (720: 30 days)
     * @param persistence the window of persistence_score
     * @param reversal the horizon of reversal_probability
     */
    public record Spans(long history, long persistence, long reversal) {}

    private FundingText() {}

    /** {@code SOL/USDT funding +0.0060% per 8h, unusually low for SOL (z -2.4)}. */
    public static String anomalyTitle(String symbol, FundingFeatures f) {
        return symbol + " funding " + HumanNumbers.signedPercent2(f.fundingRate()) + " per "
                + f.intervalHours() + "h, unusually " + side(f) + " for " + base(symbol) + " (z "
                + HumanNumbers.z(f.zScore()) + ")";
    }

    public static String anomalyDescription(String symbol, FundingFeatures f, Spans spans) {
        StringBuilder s = new StringBuilder("Funding ").append(rate(f))
                .append(" is unusually ").append(side(f)).append(" for ").append(base(symbol))
                .append(": z ").append(HumanNumbers.z(f.zScore())).append(" against its ")
                .append(HumanNumbers.span(spans.history())).append(" mean.");
        if (f.persistenceScore() != null) {
            s.append(" Unusual in ").append(HumanNumbers.wholePercent(f.persistenceScore()))
                    .append(" of the settlements of the last ").append(spans.persistence())
                    .append(" hours.");
        }
        if (f.reversalProbability() != null) {
            s.append(" Chance of a change of sign within ").append(spans.reversal())
                    .append(" hours, from earlier unusually ").append(side(f))
                    .append(" readings: ")
                    .append(HumanNumbers.wholePercent(f.reversalProbability())).append('.');
        }
        return s.toString();
    }

    /** {@code SOL/USDT funding turned positive}. */
    public static String reversalTitle(String symbol, FundingFeatures f) {
        return symbol + " funding turned " + (f.fundingRate() > 0 ? "positive" : "negative");
    }

    /** {@code Funding +0.0060% per 8h (...) after 3 negative settlements in a row.} */
    public static String reversalDescription(FundingFeatures f, int runLength) {
        return "Funding " + rate(f) + " after " + runLength + " "
                + (f.fundingRate() > 0 ? "negative" : "positive") + " settlements in a row.";
    }

    private static String rate(FundingFeatures f) {
        return HumanNumbers.fundingRate(f.fundingRate(), f.intervalHours(), f.hourlyRate());
    }

    private static String side(FundingFeatures f) {
        return f.extremeLevel() == FundingLevel.LOW ? "low" : "high";
    }

    /** The base asset: {@code SOL/USDT} -> {@code SOL}. */
    static String base(String symbol) {
        int slash = symbol.indexOf('/');
        return slash > 0 ? symbol.substring(0, slash) : symbol;
    }
}
