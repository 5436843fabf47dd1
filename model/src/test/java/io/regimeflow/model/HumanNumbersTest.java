package io.regimeflow.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Numbers in event text: what people read instead of the doubles' own toString. */
class HumanNumbersTest {

    @Test
    void fundingRatesArePercentagesAndBasisPointsNotScientificNotation() {
        // Was "5.977E-5 per 8h (7.47125E-6 per hour)".
        assertThat(HumanNumbers.fundingRate(5.977e-5, 8, 7.47125e-6))
                .isEqualTo("+0.0060% per 8h (0.60 bps; 0.00075%/h)");
        assertThat(HumanNumbers.fundingRate(-0.0001, 4, -0.000025))
                .isEqualTo("-0.010% per 4h (-1.0 bps; -0.0025%/h)");
        assertThat(HumanNumbers.fundingRate(0.0075, 8, 0.0075 / 8))
                .isEqualTo("+0.75% per 8h (75 bps; 0.094%/h)");
        assertThat(HumanNumbers.fundingRate(0.0000125, 1, 0.0000125))
                .isEqualTo("+0.0013% per 1h (0.13 bps)");
        assertThat(HumanNumbers.fundingRate(0, 8, 0)).isEqualTo("0% per 8h (0 bps; 0%/h)");
        assertThat(HumanNumbers.significant(123.4, 2)).isEqualTo("120");
    }

    @Test
    void volatilitiesAndSharesArePercentages() {
        assertThat(HumanNumbers.percent(0.04213)).isEqualTo("4.2%");
        assertThat(HumanNumbers.percent(0.0042)).isEqualTo("0.42%");
        assertThat(HumanNumbers.percent(0)).isEqualTo("0%");
        assertThat(HumanNumbers.wholePercent(1.0 / 3)).isEqualTo("33%");
        assertThat(HumanNumbers.ratio(2.5512)).isEqualTo("2.55x");
    }

    @Test
    void zScoresHaveOneDecimalAndNoNegativeZero() {
        assertThat(HumanNumbers.z(-2.4134)).isEqualTo("-2.4");
        assertThat(HumanNumbers.z(3.05)).isEqualTo("3.1");
        assertThat(HumanNumbers.z(-0.04)).isEqualTo("0.0");
    }

    @Test
    void pricesFollowTheirStepOrSixSignificantDigits() {
        assertThat(HumanNumbers.price(998.3500000001, 2)).isEqualTo("998.35");
        assertThat(HumanNumbers.price(71414.3512, 2)).isEqualTo("71414.35");
        assertThat(HumanNumbers.price(45000, 0)).isEqualTo("45000");
        assertThat(HumanNumbers.price(71414.3512, -1)).isEqualTo("71414.4");
        assertThat(HumanNumbers.price(0.0000123456789, -1)).isEqualTo("0.0000123457");
    }

    @Test
    void usdTimesAndSpans() {
        assertThat(HumanNumbers.usd(950)).isEqualTo("950");
        assertThat(HumanNumbers.usd(1_500)).isEqualTo("1.5k");
        assertThat(HumanNumbers.usd(2_500_000)).isEqualTo("2.50M");
        assertThat(HumanNumbers.usd(1.2e9)).isEqualTo("1.20B");
        assertThat(HumanNumbers.utc(1710291600000L)).isEqualTo("2024-03-13 01:00 UTC");
        // A candle's close time (the hour's last millisecond) reads as the hour's end.
        assertThat(HumanNumbers.utc(1710291599999L)).isEqualTo("2024-03-13 01:00 UTC");
        assertThat(HumanNumbers.utc(1710291612345L)).isEqualTo("2024-03-13 01:00:12 UTC");
        assertThat(HumanNumbers.span(720)).isEqualTo("30-day");
        assertThat(HumanNumbers.span(719)).isEqualTo("29-day");
        assertThat(HumanNumbers.span(168)).isEqualTo("7-day");
        assertThat(HumanNumbers.span(47)).isEqualTo("47-hour");
    }
}
