package io.regimeflow.functions.volatility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.regimeflow.functions.common.RejectedInputException;
import io.regimeflow.model.Predictability;
import io.regimeflow.model.VolatilityFeatures;
import io.regimeflow.model.VolatilityRegime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.apache.commons.math3.stat.descriptive.moment.Mean;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.apache.commons.math3.stat.descriptive.rank.Median;
import org.junit.jupiter.api.Test;

class VolatilityRegimeCalculatorTest {

    static final long H = 3_600_000L;
    final VolatilitySettings settings = VolatilitySettings.defaults();
    final VolatilityRegimeCalculator calc = new VolatilityRegimeCalculator(settings);

    /** Closes of a random walk whose hourly volatility is {@code sigma(hour)}. */
    static double[] closes(int hours, long seed, IntToDoubleFunction sigma) {
        Random r = new Random(seed);
        double[] c = new double[hours];
        double p = 100;
        for (int i = 0; i < hours; i++) {
            p *= Math.exp(sigma.applyAsDouble(i) * r.nextGaussian());
            c[i] = p;
        }
        return c;
    }

    List<VolatilityRegimeCalculator.Result> run(VolatilityState st, double[] closes) {
        List<VolatilityRegimeCalculator.Result> out = new ArrayList<>();
        for (int i = 0; i < closes.length; i++) {
            out.add(calc.onHourClose(st, (i + 1) * H - 1, closes[i]));
        }
        return out;
    }

    @Test
    void everyNumberMatchesAnIndependentComputation() {
        double[] c = closes(1000, 1, i -> i < 900 ? 0.01 : 0.03);
        List<VolatilityRegimeCalculator.Result> results = run(VolatilityState.empty(settings), c);

        double[] r = new double[c.length - 1];
        for (int i = 1; i < c.length; i++) {
            r[i - 1] = Math.log(c[i] / c[i - 1]);
        }
        List<Double> vols = new ArrayList<>();
        for (int hour = 0; hour < c.length; hour++) {
            VolatilityFeatures f = results.get(hour).features();
            int nReturns = hour; // closes 0..hour give hour returns
            if (nReturns < 24) {
                assertThat(f.regime()).isEqualTo(VolatilityRegime.WARMING_UP);
                assertThat(f.volatility24h()).isNull();
                continue;
            }
            double[] last24 = Arrays.copyOfRange(r, nReturns - 24, nReturns);
            double vol = new StandardDeviation(true).evaluate(last24) * Math.sqrt(24);
            assertThat(f.volatility24h()).isCloseTo(vol, within(1e-12));
            if (vols.size() < 168) {
                assertThat(f.regime()).isEqualTo(VolatilityRegime.WARMING_UP);
                assertThat(f.volRatio()).isNull();
            } else {
                double[] past = vols.subList(Math.max(0, vols.size() - 720), vols.size()).stream()
                        .mapToDouble(Double::doubleValue).toArray();
                double mean = new Mean().evaluate(past);
                assertThat(f.volatilityMean()).isCloseTo(mean, within(1e-12));
                double ratio = vol / mean;
                assertThat(f.volRatio()).isCloseTo(ratio, within(1e-9));
                VolatilityRegime expected = ratio >= 2.5 ? VolatilityRegime.EXTREME
                        : ratio >= 1.5 ? VolatilityRegime.EXPLOSIVE
                        : ratio >= 1.0 ? VolatilityRegime.HIGH_VOL : VolatilityRegime.STABLE;
                assertThat(f.regime()).isEqualTo(expected);
                assertThat(f.clusteringProbability()).isCloseTo(
                        clustering(Arrays.copyOfRange(r, Math.max(0, nReturns - 720),
                                nReturns)), within(1e-15));
            }
            vols.add(vol);
        }
        // The shock at hour 900 tripled volatility: the regime climbed to EXTREME, reported.
        assertThat(results.get(999).features().regime()).isEqualTo(VolatilityRegime.EXTREME);
        assertThat(results).filteredOn(VolatilityRegimeCalculator.Result::changed)
                .extracting(VolatilityRegimeCalculator.Result::changedTo)
                .contains(VolatilityRegime.EXTREME);
    }

    /** Spec §2 written out again, with commons-math3's median. */
    static double clustering(double[] r) {
        double[] abs = Arrays.stream(r).map(Math::abs).toArray();
        double median = new Median().evaluate(abs);
        int a = 0;
        int b = 0;
        for (int t = 1; t < abs.length; t++) {
            boolean prevActive = abs[t - 1] > median;
            if (prevActive) {
                b++;
                a += abs[t] > median ? 1 : 0;
            }
        }
        return (a + 1.0) / (b + 2.0);
    }

    @Test
    void aFlatPriceHasZeroVolatilityAndIsStableNotNaN() {
        double[] flat = new double[300];
        Arrays.fill(flat, 42.0);
        List<VolatilityRegimeCalculator.Result> out = run(VolatilityState.empty(settings), flat);
        VolatilityFeatures last = out.get(299).features();
        assertThat(last.volatility24h()).isZero();
        assertThat(last.regime()).isEqualTo(VolatilityRegime.STABLE);
        assertThat(last.volRatio()).isZero();
    }

    @Test
    void aNaNOrZeroPriceIsRejectedAndLeavesTheStateAlone() {
        VolatilityState st = VolatilityState.empty(settings);
        calc.onHourClose(st, H - 1, 100);
        calc.onHourClose(st, 2 * H - 1, 101);
        assertThatThrownBy(() -> calc.onHourClose(st, 3 * H - 1, Double.NaN))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> calc.onHourClose(st, 3 * H - 1, 0))
                .isInstanceOf(RejectedInputException.class);
        assertThatThrownBy(() -> calc.onHourClose(st, 2 * H - 1, 99))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("not after");
        assertThat(st.returns.size).isEqualTo(1);
        assertThat(st.lastClose).isEqualTo(101);
    }

    @Test
    void boundariesBelongToTheRegimeAboveThem() {
        assertThat(calc.level(0.9999999)).isZero();
        assertThat(calc.level(1.0)).isEqualTo(1);
        assertThat(calc.level(1.5)).isEqualTo(2);
        assertThat(calc.level(2.5)).isEqualTo(3);
    }

    @Test
    void hysteresisNeedsFivePercentPastTheBoundary() {
        assertThat(calc.withHysteresis(1.05, VolatilityRegime.STABLE))
                .isEqualTo(VolatilityRegime.HIGH_VOL);
        assertThat(calc.withHysteresis(1.0499, VolatilityRegime.STABLE))
                .isEqualTo(VolatilityRegime.STABLE);
        assertThat(calc.withHysteresis(0.95, VolatilityRegime.HIGH_VOL))
                .isEqualTo(VolatilityRegime.HIGH_VOL);
        assertThat(calc.withHysteresis(0.9499, VolatilityRegime.HIGH_VOL))
                .isEqualTo(VolatilityRegime.STABLE);
        // A jump over several boundaries goes as far as the margin allows.
        assertThat(calc.withHysteresis(2.55, VolatilityRegime.STABLE))
                .isEqualTo(VolatilityRegime.EXPLOSIVE);
        assertThat(calc.withHysteresis(3.0, VolatilityRegime.STABLE))
                .isEqualTo(VolatilityRegime.EXTREME);
        assertThat(calc.withHysteresis(1.4, VolatilityRegime.EXTREME))
                .isEqualTo(VolatilityRegime.HIGH_VOL);
    }

    @Test
    void theFirstRegimeAfterWarmUpIsReportedWithoutAnEvent() {
        double[] c = closes(24 + 168 + 1, 3, i -> 0.01);
        List<VolatilityRegimeCalculator.Result> out = run(VolatilityState.empty(settings), c);
        assertThat(out).noneMatch(VolatilityRegimeCalculator.Result::changed);
        assertThat(out.get(out.size() - 1).features().regime())
                .isNotEqualTo(VolatilityRegime.WARMING_UP);
        assertThat(out.get(out.size() - 2).features().regime())
                .isEqualTo(VolatilityRegime.WARMING_UP);
    }

    @Test
    void predictabilityAndRiskFollowTheTables() {
        assertThat(VolatilityRegimeCalculator.predictability(0.70)).isEqualTo(Predictability.HIGH);
        assertThat(VolatilityRegimeCalculator.predictability(0.55))
                .isEqualTo(Predictability.MEDIUM);
        assertThat(VolatilityRegimeCalculator.predictability(0.5499))
                .isEqualTo(Predictability.LOW);
        assertThat(VolatilityRegimeCalculator.riskMultiplier(VolatilityRegime.EXPLOSIVE))
                .isEqualTo(1.8);
    }
}
