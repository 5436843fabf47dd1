package io.regimeflow.functions.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.regimeflow.functions.common.RejectedInputException;
import io.regimeflow.model.RegimeFeatures;
import io.regimeflow.model.Timeframe;
import io.regimeflow.model.TrendRegime;
import java.util.Arrays;
import org.apache.commons.math3.stat.descriptive.moment.Mean;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.junit.jupiter.api.Test;

class TrendRegimeCalculatorTest {

    final TrendSettings settings = TrendSettings.defaults();
    final TrendRegimeCalculator calc = new TrendRegimeCalculator(settings);

    TrendRegime feed(TrendState st, Timeframe tf, double[] closes, double[] volumes) {
        TrendRegime last = null;
        for (int i = 0; i < closes.length; i++) {
            last = calc.onCandle(st, tf, i * tf.size().toMillis(), closes[i], volumes[i]);
        }
        return last;
    }

    @Test
    void theThreeMeasuresMatchAHandComputation() {
        double[] closes = {100, 101, 103, 102, 104, 106, 105, 107, 108, 110, 109, 111, 113, 112,
            114, 116, 115, 117, 119, 125};
        double[] volumes = new double[20];
        for (int i = 0; i < 20; i++) {
            volumes[i] = 1000 + (i * 37 % 11) * 100;
        }
        volumes[19] = 1500;
        double z = (125 - new Mean().evaluate(closes))
                / new StandardDeviation(true).evaluate(closes);
        assertThat(TrendRegimeCalculator.priceZ(closes)).isCloseTo(z, within(1e-12));
        long below = Arrays.stream(volumes, 0, 19).filter(v -> v < 1500).count();
        assertThat(TrendRegimeCalculator.heat(volumes)).isEqualTo(below / 19.0);
        double path = 0;
        for (int i = 1; i < 20; i++) {
            path += Math.abs(closes[i] - closes[i - 1]);
        }
        assertThat(TrendRegimeCalculator.efficiency(closes)).isCloseTo(25 / path, within(1e-15));

        TrendState st = TrendState.empty(settings);
        double[] first19 = Arrays.copyOf(closes, 19);
        assertThat(feed(st, Timeframe.H1, first19, Arrays.copyOf(volumes, 19))).isNull();
        assertThat(calc.onCandle(st, Timeframe.H1, 19 * 3_600_000L, 125, 1500))
                .isEqualTo(z >= 1 && below / 19.0 >= 0.5 ? TrendRegime.SPOT_IGNITION
                        : TrendRegime.SPOT_NEUTRAL);
    }

    @Test
    void regimesFollowTheRulesInOrderIncludingTheirBoundaries() {
        assertThat(calc.classify(1.0, 0.5, 0.9)).isEqualTo(TrendRegime.SPOT_IGNITION);
        assertThat(calc.classify(1.0, 0.49, 0.9)).isEqualTo(TrendRegime.SPOT_NEUTRAL);
        assertThat(calc.classify(-1.0, 0.9, 0.9)).isEqualTo(TrendRegime.SPOT_COOLING);
        assertThat(calc.classify(0.99, 0.9, 0.29)).isEqualTo(TrendRegime.SPOT_CHOP);
        assertThat(calc.classify(0.99, 0.9, 0.3)).isEqualTo(TrendRegime.SPOT_NEUTRAL);
    }

    @Test
    void aFlatMarketIsChopWithZeroZ() {
        double[] flat = new double[20];
        Arrays.fill(flat, 50);
        TrendState st = TrendState.empty(settings);
        assertThat(feed(st, Timeframe.D1, flat, flat)).isEqualTo(TrendRegime.SPOT_CHOP);
        assertThat(TrendRegimeCalculator.priceZ(flat)).isZero();
        assertThat(TrendRegimeCalculator.efficiency(flat)).isZero();
    }

    @Test
    void combinedRecordTakesTheMajorityAndTiesGoToTheLongestTimeframe() {
        TrendState st = TrendState.empty(settings);
        st.frames[Timeframe.H1.ordinal()].regime = TrendRegime.SPOT_IGNITION;
        st.frames[Timeframe.H4.ordinal()].regime = TrendRegime.SPOT_IGNITION;
        st.frames[Timeframe.D1.ordinal()].regime = TrendRegime.SPOT_COOLING;
        st.frames[Timeframe.W1.ordinal()].regime = TrendRegime.SPOT_COOLING;
        RegimeFeatures tie = calc.combine(st, 1L).features();
        assertThat(tie.primaryRegime()).isEqualTo(TrendRegime.SPOT_COOLING);
        assertThat(tie.agreementCount()).isEqualTo(2);
        assertThat(tie.totalTimeframes()).isEqualTo(4);
        assertThat(tie.confidence()).isEqualTo(0.5);

        st.frames[Timeframe.W1.ordinal()].regime = null;
        RegimeFeatures three = calc.combine(st, 2L).features();
        assertThat(three.primaryRegime()).isEqualTo(TrendRegime.SPOT_IGNITION);
        assertThat(three.confidence()).isEqualTo(2.0 / 3);
        assertThat(three.regime1w()).isNull();
    }

    @Test
    void confirmationNeedsThreeAgreeingTimeframesAndANewRegime() {
        TrendState st = TrendState.empty(settings);
        st.frames[0].regime = TrendRegime.SPOT_COOLING;
        st.frames[1].regime = TrendRegime.SPOT_COOLING;
        assertThat(calc.combine(st, 1).confirmed()).isFalse();
        st.frames[2].regime = TrendRegime.SPOT_COOLING;
        assertThat(calc.combine(st, 2).confirmed()).isTrue();
        assertThat(calc.combine(st, 3).confirmed()).isFalse(); // the same regime again
        st.frames[0].regime = TrendRegime.SPOT_IGNITION;
        st.frames[1].regime = TrendRegime.SPOT_IGNITION;
        st.frames[3].regime = TrendRegime.SPOT_IGNITION;
        assertThat(calc.combine(st, 4).confirmed()).isTrue();
        assertThat(st.lastConfirmed).isEqualTo(TrendRegime.SPOT_IGNITION);
        assertThat(calc.combine(TrendState.empty(settings), 5).features().primaryRegime())
                .isNull();
    }

    @Test
    void badCandlesAreRejected() {
        TrendState st = TrendState.empty(settings);
        calc.onCandle(st, Timeframe.H4, 0, 10, 1);
        assertThatThrownBy(() -> calc.onCandle(st, Timeframe.H4, 1, Double.NaN, 1))
                .isInstanceOf(RejectedInputException.class);
        assertThatThrownBy(() -> calc.onCandle(st, Timeframe.H4, 0, 10, 1))
                .isInstanceOf(RejectedInputException.class);
        assertThatThrownBy(() -> calc.onCandle(st, Timeframe.H4, 1, 10, -1))
                .isInstanceOf(RejectedInputException.class);
        assertThat(st.frames[Timeframe.H4.ordinal()].closes.size).isEqualTo(1);
    }
}
