package io.regimeflow.functions.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.regimeflow.functions.common.RejectedInputException;
import io.regimeflow.model.BreakSeverity;
import io.regimeflow.model.CorrelationFeatures;
import io.regimeflow.model.PairCorrelation;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.junit.jupiter.api.Test;

class PairCorrelationCalculatorTest {

    static final long H = 3_600_000L;
    final CorrelationSettings settings = CorrelationSettings.defaults();
    final PairCorrelationCalculator calc = new PairCorrelationCalculator(settings);

    static double pearson(double[] x, double[] y) {
        return new PearsonsCorrelation().correlation(x, y);
    }

    @Test
    void runningSumsGiveTheSameCorrelationsAsRecomputingEveryWindow() {
        int n = 2000; // long enough for both windows to slide and for periodic recomputes
        double[] a = new double[n];
        double[] b = new double[n];
        Random r = new Random(4);
        double prevA = 0;
        for (int i = 0; i < n; i++) {
            double m = r.nextGaussian();
            double rho = i < 1500 ? 0.8 : 0.05; // decorrelates at hour 1500
            // b follows a's previous hour a little: A leads B.
            a[i] = 0.01 * (m + 0.05);
            b[i] = 0.01 * (rho * m + Math.sqrt(1 - rho * rho) * r.nextGaussian()
                    + 0.4 * prevA / 0.01) + 0.0005;
            prevA = a[i];
        }
        PairState st = PairState.empty(settings);
        int breaks = 0;
        for (int t = 0; t < n; t++) {
            PairCorrelationCalculator.Result res = calc.onAligned(st, "A/USDT", "B/USDT",
                    t * H, a[t], b[t]);
            PairCorrelation p = res.correlation();
            int count = t + 1;
            if (count < 48) {
                assertThat(p.corr7d()).isNull();
                assertThat(p.corr30d()).isNull();
                continue;
            }
            int s7 = Math.max(0, count - 168);
            int s30 = Math.max(0, count - 720);
            double c7 = pearson(Arrays.copyOfRange(a, s7, count), Arrays.copyOfRange(b, s7, count));
            double c30 = pearson(Arrays.copyOfRange(a, s30, count),
                    Arrays.copyOfRange(b, s30, count));
            assertThat(p.corr7d()).as("corr_7d at %d", t).isCloseTo(c7, within(1e-9));
            assertThat(p.corr30d()).as("corr_30d at %d", t).isCloseTo(c30, within(1e-9));
            double ab = pearson(Arrays.copyOfRange(a, s7, count - 1),
                    Arrays.copyOfRange(b, s7 + 1, count));
            double ba = pearson(Arrays.copyOfRange(b, s7, count - 1),
                    Arrays.copyOfRange(a, s7 + 1, count));
            String leader = ab - ba > 0.05 ? "A/USDT" : ba - ab > 0.05 ? "B/USDT" : null;
            assertThat(p.leader()).as("leader at %d", t).isEqualTo(leader);
            boolean inBreak = c30 >= 0.3 && c7 < 0.5 * c30;
            assertThat(p.inBreak()).as("break at %d", t).isEqualTo(inBreak);
            if (res.enteredBreak()) {
                breaks++;
            }
        }
        assertThat(breaks).isGreaterThanOrEqualTo(1);
        assertThat(st.a.size).isEqualTo(720);
    }

    @Test
    void aBreakIsReportedOnceWithItsDurationAndSeverity() {
        PairState st = PairState.empty(settings);
        Random r = new Random(8);
        int entered = 0;
        PairCorrelation last = null;
        for (int t = 0; t < 900; t++) {
            double m = r.nextGaussian();
            double rb = t < 800 ? m + 0.2 * r.nextGaussian() : r.nextGaussian();
            PairCorrelationCalculator.Result res = calc.onAligned(st, "A/USDT", "B/USDT", t * H,
                    m, rb);
            entered += res.enteredBreak() ? 1 : 0;
            last = res.correlation();
        }
        assertThat(entered).isEqualTo(1);
        assertThat(last.inBreak()).isTrue();
        assertThat(last.durationHours()).isPositive().isLessThan(100);
        assertThat(last.breakSeverity()).isEqualTo(
                PairCorrelationCalculator.severity(last.drop()));
        assertThat(PairCorrelationCalculator.severity(0.8)).isEqualTo(BreakSeverity.HIGH);
        assertThat(PairCorrelationCalculator.severity(0.65)).isEqualTo(BreakSeverity.MEDIUM);
        assertThat(PairCorrelationCalculator.severity(0.6499)).isEqualTo(BreakSeverity.LOW);
    }

    @Test
    void aConstantSeriesHasNoCorrelationRatherThanNaN() {
        PairState st = PairState.empty(settings);
        PairCorrelation p = null;
        for (int t = 0; t < 60; t++) {
            p = calc.onAligned(st, "A/USDT", "B/USDT", t * H, 0.001, Math.sin(t)).correlation();
        }
        assertThat(p.corr7d()).isNull();
        assertThat(p.inBreak()).isFalse();
    }

    @Test
    void badReturnsAndRepeatedHoursAreRejected() {
        PairState st = PairState.empty(settings);
        calc.onAligned(st, "A/USDT", "B/USDT", H, 0.01, 0.02);
        assertThatThrownBy(() -> calc.onAligned(st, "A/USDT", "B/USDT", 2 * H, Double.NaN, 0))
                .isInstanceOf(RejectedInputException.class);
        assertThatThrownBy(() -> calc.onAligned(st, "A/USDT", "B/USDT", H, 0.01, 0.02))
                .isInstanceOf(RejectedInputException.class);
        assertThat(st.a.size).isEqualTo(1);
    }

    static PairCorrelation pair(String a, String b, String leader) {
        return new PairCorrelation(a + "~" + b, a, b, 0.5, 0.6, false, null, null, 0, leader);
    }

    @Test
    void theLeaderIsTheSymbolLeadingMostOthersAndNoneOnATie() {
        List<String> u = List.of("BTC/USDT", "ETH/USDT", "SOL/USDT");
        Map<String, CorrelationFeatures> m = CorrelationSummary.of(1L, u, List.of(
                pair("BTC/USDT", "ETH/USDT", "BTC/USDT"), pair("BTC/USDT", "SOL/USDT",
                        "BTC/USDT"), pair("ETH/USDT", "SOL/USDT", "SOL/USDT")));
        assertThat(m.get("ETH/USDT").leadingAsset()).isEqualTo("BTC/USDT");
        assertThat(m.get("ETH/USDT").laggingAssets()).containsExactly("ETH/USDT", "SOL/USDT");
        assertThat(m.get("ETH/USDT").pairs()).extracting(PairCorrelation::pair)
                .containsExactly("BTC/USDT~ETH/USDT", "ETH/USDT~SOL/USDT");
        Map<String, CorrelationFeatures> tie = CorrelationSummary.of(1L, u, List.of(
                pair("BTC/USDT", "ETH/USDT", "BTC/USDT"), pair("BTC/USDT", "SOL/USDT", null),
                pair("ETH/USDT", "SOL/USDT", "SOL/USDT")));
        assertThat(tie.get("BTC/USDT").leadingAsset()).isNull();
        assertThat(tie.get("BTC/USDT").laggingAssets()).isEmpty();
    }
}
