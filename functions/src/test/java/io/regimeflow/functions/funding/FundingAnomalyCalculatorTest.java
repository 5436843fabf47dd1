package io.regimeflow.functions.funding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.regimeflow.functions.common.RejectedInputException;
import io.regimeflow.model.FundingFeatures;
import io.regimeflow.model.FundingLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.stat.descriptive.moment.Mean;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.junit.jupiter.api.Test;

class FundingAnomalyCalculatorTest {

    static final long H = 3_600_000L;
    static final long DAY = 24 * H;
    final FundingSettings settings = FundingSettings.defaults();
    final FundingAnomalyCalculator calc = new FundingAnomalyCalculator(settings);

    record Settlement(long time, double rate, int interval) {}

    List<FundingAnomalyCalculator.Result> run(List<Settlement> series) {
        FundingState st = FundingState.empty(settings);
        List<FundingAnomalyCalculator.Result> out = new ArrayList<>();
        for (Settlement s : series) {
            out.add(calc.onSettlement(st, s.time(), "test", s.rate(), s.interval()));
        }
        return out;
    }

    static List<Settlement> randomSeries(int count, long seed) {
        Random r = new Random(seed);
        List<Settlement> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double rate = 0.0001 + 0.0001 * r.nextGaussian();
            if (i % 37 == 36) {
                rate = (r.nextBoolean() ? 1 : -1) * 0.001; // a spike now and then
            }
            out.add(new Settlement(1_700_000_000_000L / H * H + i * 8 * H, rate, 8));
        }
        return out;
    }

    @Test
    void zScorePersistenceAndReversalMatchAnIndependentComputation() {
        List<Settlement> series = randomSeries(400, 5); // 133 days
        List<FundingAnomalyCalculator.Result> results = run(series);
        int anomalies = 0;
        for (int i = 0; i < series.size(); i++) {
            Settlement cur = series.get(i);
            FundingFeatures f = results.get(i).features();
            double[] history = series.subList(0, i).stream()
                    .filter(s -> s.time() >= cur.time() - 30 * DAY)
                    .mapToDouble(s -> s.rate() / s.interval()).toArray();
            assertThat(f.hourlyRate()).isEqualTo(cur.rate() / 8);
            if (history.length < 10) {
                assertThat(f.extremeLevel()).isEqualTo(FundingLevel.WARMING_UP);
                assertThat(f.zScore()).isNull();
                continue;
            }
            double z = (cur.rate() / 8 - new Mean().evaluate(history))
                    / new StandardDeviation(true).evaluate(history);
            assertThat(f.zScore()).isCloseTo(z, within(1e-9));
            assertThat(f.isAnomaly()).isEqualTo(Math.abs(z) > 2);

            // Persistence: settlements of the last 72 h, each scored when it arrived.
            long inWindow = 0;
            long extreme = 0;
            for (int j = 0; j <= i; j++) {
                if (series.get(j).time() > cur.time() - 72 * H) {
                    inWindow++;
                    Double zj = results.get(j).features().zScore();
                    extreme += zj != null && Math.abs(zj) > 2 ? 1 : 0;
                }
            }
            assertThat(f.persistenceScore()).isCloseTo((double) extreme / inWindow,
                    within(1e-15));

            if (!f.isAnomaly()) {
                assertThat(f.reversalProbability()).isNull();
                continue;
            }
            anomalies++;
            int n = 0;
            int k = 0;
            for (int j = 0; j < i; j++) {
                Settlement past = series.get(j);
                Double zj = results.get(j).features().zScore();
                boolean sameSide = zj != null && (z > 0 ? zj > 2 : zj < -2);
                if (!sameSide || past.time() < cur.time() - 90 * DAY
                        || past.time() + DAY > cur.time()) {
                    continue;
                }
                n++;
                for (int m = j + 1; m <= i && series.get(m).time() <= past.time() + DAY; m++) {
                    if (Math.signum(series.get(m).rate()) == -Math.signum(past.rate())) {
                        k++;
                        break;
                    }
                }
            }
            assertThat(f.reversalProbability()).isCloseTo((k + 1.0) / (n + 2.0), within(1e-15));
        }
        assertThat(anomalies).isGreaterThan(5);
    }

    @Test
    void aConstantRateHasZeroZAndIsNeverAnomalous() {
        List<Settlement> flat = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            flat.add(new Settlement(i * 8 * H, 0.0001, 8));
        }
        List<FundingAnomalyCalculator.Result> out = run(flat);
        assertThat(out.get(29).features().zScore()).isZero();
        assertThat(out).noneMatch(FundingAnomalyCalculator.Result::becameAnomalous);
    }

    @Test
    void movingFromEightHourToFourHourFundingIsNotAnAnomaly() {
        // A bounded wiggle (|z| stays under about 1.5), so only the change could raise an anomaly.
        List<Settlement> series = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < 60; i++, t += 8 * H) {
            series.add(new Settlement(t, 0.0001 * (1 + 0.05 * Math.sin(i)), 8));
        }
        for (int i = 60; i < 120; i++, t += 4 * H) {
            // Half the rate per settlement, twice as often: the same cost per hour.
            series.add(new Settlement(t, 0.00005 * (1 + 0.05 * Math.sin(i)), 4));
        }
        List<FundingAnomalyCalculator.Result> out = run(series);
        assertThat(out).noneMatch(FundingAnomalyCalculator.Result::becameAnomalous);
        assertThat(out.get(60).features().intervalHours()).isEqualTo(4);
        assertThat(out.get(60).features().fundingRate()).isCloseTo(0.00005, within(0.00001));
        assertThat(out.get(60).features().zScore()).isBetween(-2.0, 2.0);
        // On the raw scale the same change would have been a 'LOW' anomaly.
        List<Settlement> raw = series.stream().map(x -> new Settlement(x.time(), x.rate(), 1))
                .toList();
        assertThat(run(raw)).anyMatch(FundingAnomalyCalculator.Result::becameAnomalous);
    }

    @Test
    void exactlyOnTheBarIsNotAnomalous() {
        assertThat(calc.level(2.0)).isEqualTo(FundingLevel.NORMAL);
        assertThat(calc.level(-2.0)).isEqualTo(FundingLevel.NORMAL);
        assertThat(calc.level(2.0000001)).isEqualTo(FundingLevel.HIGH);
        assertThat(calc.level(-2.0000001)).isEqualTo(FundingLevel.LOW);
        assertThat(calc.level(null)).isEqualTo(FundingLevel.WARMING_UP);
    }

    @Test
    void anomalyEventsFireOnEnteringOrFlippingSideAndReversalsAfterThreeOfASign() {
        List<Settlement> s = new ArrayList<>();
        long t = 0;
        double[] rates = new double[20];
        Random r = new Random(1);
        for (int i = 0; i < 20; i++) {
            rates[i] = 0.0001 + 0.00001 * r.nextGaussian();
        }
        for (double rate : rates) {
            s.add(new Settlement(t += 8 * H, rate, 8));
        }
        s.add(new Settlement(t += 8 * H, 0.002, 8)); // 20: HIGH, enters
        s.add(new Settlement(t += 8 * H, 0.003, 8)); // 21: still HIGH: no new event
        s.add(new Settlement(t += 8 * H, -0.004, 8)); // 22: LOW: flips side; sign reversal
        List<FundingAnomalyCalculator.Result> out = run(s);
        assertThat(out.get(20).becameAnomalous()).isTrue();
        assertThat(out.get(20).features().extremeLevel()).isEqualTo(FundingLevel.HIGH);
        assertThat(out.get(21).becameAnomalous()).isFalse();
        assertThat(out.get(22).features().extremeLevel()).isEqualTo(FundingLevel.LOW);
        assertThat(out.get(22).becameAnomalous()).isTrue();
        assertThat(out.get(22).reversedAfter()).isEqualTo(22);
        assertThat(out.subList(0, 22)).allMatch(x -> x.reversedAfter() == 0);
    }

    @Test
    void aSignFlipAfterFewerThanThreeIsNoReversalAndZeroRatesAreNeutral() {
        FundingState st = FundingState.empty(settings);
        assertThat(calc.onSettlement(st, 1 * H, "t", 0.0001, 8).reversedAfter()).isZero();
        assertThat(calc.onSettlement(st, 2 * H, "t", 0.0001, 8).reversedAfter()).isZero();
        assertThat(calc.onSettlement(st, 3 * H, "t", -0.0001, 8).reversedAfter()).isEqualTo(2);
        assertThat(calc.onSettlement(st, 4 * H, "t", 0, 8).reversedAfter()).isZero();
        assertThat(st.runSign).isEqualTo(-1);
        assertThat(st.runLength).isEqualTo(1);
    }

    @Test
    void badSettlementsAreRejectedWithoutTouchingTheState() {
        FundingState st = FundingState.empty(settings);
        calc.onSettlement(st, 8 * H, "t", 0.0001, 8);
        assertThatThrownBy(() -> calc.onSettlement(st, 16 * H, "t", Double.NaN, 8))
                .isInstanceOf(RejectedInputException.class);
        assertThatThrownBy(() -> calc.onSettlement(st, 8 * H, "t", 0.0001, 8))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("not after");
        assertThatThrownBy(() -> calc.onSettlement(st, 16 * H, "t", 0.0001, 0))
                .isInstanceOf(RejectedInputException.class);
        assertThat(st.history.size).isEqualTo(1);
    }

    @Test
    void historyStaysBoundedOverMonthsOfHourlyFunding() {
        FundingState st = FundingState.empty(settings);
        for (int i = 0; i < 24 * 365; i++) {
            calc.onSettlement(st, i * H, "t", 0.00001 * Math.sin(i / 10.0), 1);
        }
        assertThat(st.history.size).isLessThanOrEqualTo(settings.capacity());
        assertThat(st.history.time(0)).isGreaterThanOrEqualTo((24 * 365 - 1) * H - 90 * DAY);
    }

    @Test
    void aZeroRateNeitherExtendsNorEndsARun() {
        // Spec §3 (2026-11-30): a zero rate has no sign.
        FundingState st = FundingState.empty(settings);
        long t = 0;
        for (int i = 0; i < 3; i++) {
            assertThat(calc.onSettlement(st, t += 8 * H, "t", 0.0001, 8).reversedAfter()).isZero();
        }
        assertThat(calc.onSettlement(st, t += 8 * H, "t", 0, 8).reversedAfter()).isZero();
        // The zero did not end the run of three positives: the flip ends a run of 3.
        assertThat(calc.onSettlement(st, t += 8 * H, "t", -0.0001, 8).reversedAfter())
                .isEqualTo(3);

        // Nor does it extend one: two positives and a zero are a run of 2, no reversal.
        FundingState other = FundingState.empty(settings);
        calc.onSettlement(other, 8 * H, "t", 0.0001, 8);
        calc.onSettlement(other, 16 * H, "t", 0.0001, 8);
        calc.onSettlement(other, 24 * H, "t", 0, 8);
        assertThat(calc.onSettlement(other, 32 * H, "t", -0.0001, 8).reversedAfter())
                .isEqualTo(2);
    }

    @Test
    void reversalProbabilityCountsOnlyAnomaliesAtLeastADayOld() {
        // Spec §3 (2026-11-30): a younger anomaly's outcome is not known yet.
        FundingState st = FundingState.empty(settings);
        long t = 0;
        for (int i = 0; i < 12; i++) {
            calc.onSettlement(st, t += 8 * H, "t", 0.0001 * (1 + 0.1 * Math.sin(i)), 8);
        }
        long anomaly = t += 8 * H;
        assertThat(calc.onSettlement(st, anomaly, "t", 0.003, 8).features().extremeLevel())
                .isEqualTo(FundingLevel.HIGH);
        calc.onSettlement(st, anomaly + 8 * H, "t", -0.0001, 8); // the sign changes 8 h later
        FundingFeatures young = calc.onSettlement(st, anomaly + 16 * H, "t", 0.004, 8).features();
        assertThat(young.extremeLevel()).isEqualTo(FundingLevel.HIGH);
        // The anomaly 16 h before is left out: none counted, (0 + 1) / (0 + 2).
        assertThat(young.reversalProbability()).isEqualTo(0.5);
        FundingFeatures dayLater = calc.onSettlement(st, anomaly + 24 * H, "t", 0.005, 8)
                .features();
        assertThat(dayLater.extremeLevel()).isEqualTo(FundingLevel.HIGH);
        // Now 24 h old, it counts (its sign changed within the day); the one 8 h old does not.
        assertThat(dayLater.reversalProbability()).isEqualTo(2.0 / 3);
    }

    @Test
    void theHistorySpanIsThirtyDaysOnlyOnceThirtyDaysExist() {
        FundingState st = FundingState.empty(settings);
        FundingAnomalyCalculator.Result r = null;
        for (int i = 0; i <= 10; i++) {
            r = calc.onSettlement(st, i * 8 * H, "t", 0.0001 * (1 + 0.1 * Math.sin(i)), 8);
        }
        assertThat(r.historyHours()).isEqualTo(80); // ten settlements 8 h apart before this one
        for (int i = 11; i <= 100; i++) {
            r = calc.onSettlement(st, i * 8 * H, "t", 0.0001 * (1 + 0.1 * Math.sin(i)), 8);
        }
        assertThat(r.historyHours()).isEqualTo(720);
    }
}
