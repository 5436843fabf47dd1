package io.regimeflow.functions.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.model.BreakSeverity;
import io.regimeflow.model.CascadeFeatures;
import io.regimeflow.model.Dominance;
import io.regimeflow.model.FundingFeatures;
import io.regimeflow.model.FundingLevel;
import io.regimeflow.model.MarketEvent;
import io.regimeflow.model.PairCorrelation;
import io.regimeflow.model.Predictability;
import io.regimeflow.model.RegimeFeatures;
import io.regimeflow.model.Severity;
import io.regimeflow.model.TrendRegime;
import io.regimeflow.model.VolatilityFeatures;
import io.regimeflow.model.VolatilityRegime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Titles and descriptions,
        word for word: each input is the smallest that showed an old wording. */
class EventTextTest {

    static final long T = 1710288000000L; // 2024-03-13 00:00 UTC

    static FundingFeatures funding(double rate, double z, FundingLevel level) {
        return new FundingFeatures(T, "binance-usdm", rate, 8, rate / 8, z, true, level,
                1.0 / 3, 0.5);
    }

    @Test
    void aPositiveRateFarBelowItsUsualIsUnusuallyLowForTheSymbol() {
        // Was "SOL/USDT funding LOW" and "funding 5.977E-5 per 8h (7.47125E-6 per hour),
        // z-score -2.41 against 30 days; persistence 0.33, reversal probability 0.50".
        MarketEvent e = MarketEvents.fundingAnomaly("SOL/USDT",
                funding(5.977e-5, -2.4134, FundingLevel.LOW), new FundingText.Spans(720, 72, 24));
        assertThat(e.title())
                .isEqualTo("SOL/USDT funding +0.0060% per 8h, unusually low for SOL (z -2.4)");
        assertThat(e.description()).isEqualTo("Funding +0.0060% per 8h (0.60 bps; 0.00075%/h) is"
                + " unusually low for SOL: z -2.4 against its 30-day mean. Unusual in 33% of the"
                + " settlements of the last 72 hours. Chance of a change of sign within 24 hours,"
                + " from earlier unusually low readings: 50%.");
        assertThat(e.severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void aShortHistoryIsNotCalledThirtyDays() {
        MarketEvent e = MarketEvents.fundingAnomaly("BTC/USDT",
                funding(-0.0008, 3.2, FundingLevel.HIGH), new FundingText.Spans(80, 72, 24));
        assertThat(e.title())
                .isEqualTo("BTC/USDT funding -0.080% per 8h, unusually high for BTC (z 3.2)");
        // Ten 8h settlements (the least a z-score needs) span 80 hours.
        assertThat(e.description()).contains("z 3.2 against its 3-day mean.")
                .doesNotContain("30-day");
        assertThat(MarketEvents.fundingAnomaly("BTC/USDT", funding(-0.0008, 3.2,
                FundingLevel.HIGH), new FundingText.Spans(10, 72, 24)).description())
                .contains("against its 10-hour mean.");
        assertThat(MarketEvents.fundingAnomaly("BTC/USDT", funding(-0.0008, 3.2,
                FundingLevel.HIGH), new FundingText.Spans(24 * 12 + 5, 72, 24)).description())
                .contains("against its 12-day mean.");
    }

    @Test
    void aReversalSaysWhichSignTheRunHad() {
        MarketEvent e = MarketEvents.fundingReversal("ETH/USDT", funding(0.0001, 0.1,
                FundingLevel.NORMAL), 3);
        assertThat(e.title()).isEqualTo("ETH/USDT funding turned positive");
        // Was "funding 1.0E-4 per 8h after 3 settlements of the other sign".
        assertThat(e.description()).isEqualTo(
                "Funding +0.010% per 8h (1.0 bps; 0.0013%/h) after 3 negative settlements in a "
                        + "row.");
    }

    @Test
    void aTimeframeWithoutARegimeIsSaidSoNotNull() {
        // Was "3 of 3 timeframes agree (confidence 1.00): 1h SPOT_IGNITION, 4h SPOT_IGNITION,
        // 1d SPOT_IGNITION, 1w null".
        RegimeFeatures r = new RegimeFeatures(T, TrendRegime.SPOT_IGNITION,
                TrendRegime.SPOT_IGNITION, TrendRegime.SPOT_IGNITION, null,
                TrendRegime.SPOT_IGNITION, 1.0, 3, 3);
        MarketEvent e = MarketEvents.regimeConfirmed("BTC/USDT", r);
        assertThat(e.title()).isEqualTo("BTC/USDT SPOT_IGNITION confirmed");
        assertThat(e.description()).isEqualTo("3 of 3 timeframes with a regime agree (confidence"
                + " 100%): 1h SPOT_IGNITION, 4h SPOT_IGNITION, 1d SPOT_IGNITION; 1w has no regime"
                + " yet.");
        RegimeFeatures all = new RegimeFeatures(T, TrendRegime.SPOT_COOLING,
                TrendRegime.SPOT_COOLING, TrendRegime.SPOT_COOLING, TrendRegime.SPOT_CHOP,
                TrendRegime.SPOT_COOLING, 0.75, 3, 4);
        assertThat(TrendText.description(all)).isEqualTo("3 of 4 timeframes agree (confidence"
                + " 75%): 1h SPOT_COOLING, 4h SPOT_COOLING, 1d SPOT_COOLING, 1w SPOT_CHOP.");
    }

    @Test
    void volatilityIsAPercentageAgainstTheMeanOfTheDaysThatExist() {
        VolatilityFeatures v = new VolatilityFeatures(T + 3_599_999, VolatilityRegime.HIGH_VOL,
                0.0323, 0.0211, 1.53, 0.6, Predictability.MEDIUM, 1.2, VolatilityRegime.HIGH_VOL);
        // Was "24h volatility 0.0323 is 1.53x its 30-day mean 0.0211; was STABLE" after a week.
        assertThat(VolatilityText.description(v, VolatilityRegime.STABLE,
                VolatilityRegime.HIGH_VOL, 168)).isEqualTo(
                "24h volatility 3.2% is 1.53x its 7-day mean of 2.1%; was STABLE.");
        assertThat(VolatilityText.description(v, VolatilityRegime.STABLE,
                VolatilityRegime.HIGH_VOL, 720)).contains("its 30-day mean of 2.1%");
        VolatilityFeatures flat = new VolatilityFeatures(T, VolatilityRegime.EXTREME, 0.003, 0.0,
                null, 0.5, Predictability.LOW, 2.5, VolatilityRegime.EXTREME);
        assertThat(VolatilityText.description(flat, VolatilityRegime.STABLE,
                VolatilityRegime.EXTREME, 720)).isEqualTo("24h volatility 0.30% against a 30-day"
                + " mean of 0% (the price had not moved); was STABLE.");
    }

    static CascadeFeatures cascade(double[] support, double[] resistance) {
        return new CascadeFeatures(T + 14 * 3_600_000L + 32 * 60_000L, 2_000_000, 1_600_000,
                400_000, 8_000_000, 4, Dominance.LONG, 57, support, resistance);
    }

    @Test
    void cascadeLevelsAreOrderedFromThePriceAndRoundedToItsStep() {
        // Heaviest first, as in the data: support 995.5 before 998.35, resistance 1007.45 first.
        CascadeFeatures c = cascade(new double[] {995.5000000001, 998.35},
                new double[] {1007.4500000002, 1002.5});
        MarketEvent e = MarketEvents.cascade("BTC/USDT", c, 15, 1, List.of("binance-usdm"));
        assertThat(e.title()).isEqualTo("BTC/USDT liquidation cascade, severity 4");
        // Was "... support 995.500, 998.350, resistance 1007.45, 1002.50. Totals are lower
        // bounds: the venue reports at most one liquidation per second."
        assertThat(e.description()).isEqualTo("2.00M USD liquidated in the 15 minutes to"
                + " 2024-03-13 14:32 UTC (8.00M USD/h), 80% of it longs (long-dominated);"
                + " support 998.4 and 995.5, resistance 1002.5 and 1007.5. Totals are lower"
                + " bounds: Binance USD-M sends at most one liquidation per symbol per second.");
        assertThat(e.severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void theLowerBoundNoteIsOnlyForVenuesThatThrottleTheirStream() {
        CascadeFeatures c = cascade(new double[0], new double[] {71414.3512});
        assertThat(CascadeText.description(c, 15, -1, Set.of("bybit"))).isEqualTo(
                "2.00M USD liquidated in the 15 minutes to 2024-03-13 14:32 UTC (8.00M USD/h), 80%"
                        + " of it longs (long-dominated); no support level, resistance 71414.4.");
        assertThat(CascadeText.description(c, 15, -1, Set.of("simulator"))).doesNotContain(
                "lower bound");
        assertThat(CascadeText.description(c, 15, -1, Set.of("okx")))
                .endsWith(" Totals are lower bounds: OKX's feed does not carry every liquidation.");
    }

    @Test
    void correlationWindowsSayHowManyDaysTheyHold() {
        PairCorrelation p = new PairCorrelation("BTC/USDT~ETH/USDT", "BTC/USDT", "ETH/USDT",
                0.15, 0.87, true, 1 - 0.15 / 0.87, BreakSeverity.HIGH, 1, null);
        MarketEvent e = MarketEvents.correlationBreak(p, T, 168, 300);
        assertThat(e.description()).isEqualTo(
                "7-day correlation 0.15 against 12-day correlation 0.87 (down 83%).");
        assertThat(MarketEvents.correlationBreak(p, T, 168, 720).description())
                .contains("against 30-day correlation 0.87");
    }
}
