package io.regimeflow.functions.volatility;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.functions.common.Stats;
import io.regimeflow.functions.events.MarketEvents;
import io.regimeflow.model.MarketEvent;
import io.regimeflow.model.Severity;
import io.regimeflow.model.VolatilityRegime;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * Spec §2: when one hour jumps several boundaries, the event's title, severity and
 * {@code data.reported_regime} name the same regime, the farthest one cleared by the margin;
 * {@code vol_regime} keeps the hour's table regime.
 */
class VolatilityRegimeEventTest {

    static final long H = 3_600_000L;
    final VolatilitySettings settings = VolatilitySettings.defaults();
    final VolatilityRegimeCalculator calc = new VolatilityRegimeCalculator(settings);

    /**
     * A symbol reported STABLE whose next hour has exactly {@code ratio} times its baseline: 23
     * returns alternating +-1%, then the hour's close gives a 24th; the 168 past volatilities
     * are set so that their mean is the hour's volatility divided by {@code ratio}.
     */
    MarketEvent jumpFromStable(double ratio) {
        VolatilityState st = VolatilityState.empty(settings);
        double[] r = new double[24];
        double close = 100;
        for (int i = 0; i < 23; i++) {
            r[i] = i % 2 == 0 ? 0.01 : -0.01;
            st.returns.add(r[i]);
            close *= Math.exp(r[i]);
        }
        r[23] = 0.01;
        double vol24 = Stats.sampleStd(r) * Math.sqrt(24);
        for (int i = 0; i < 168; i++) {
            st.volatilities.add(vol24 / ratio);
        }
        st.lastClose = close;
        st.lastCloseTime = 100 * H - 1;
        st.reported = VolatilityRegime.STABLE;
        VolatilityRegimeCalculator.Result res = calc.onHourClose(st, 101 * H - 1,
                close * Math.exp(r[23]));
        assertThat(res.features().volRatio()).isCloseTo(ratio, Assertions
                .within(1e-9));
        assertThat(res.changed()).isTrue();
        return MarketEvents.volatilityChange("SOL/USDT", res.features(), res.changedFrom(),
                res.changedTo(), res.baselineHours());
    }

    @Test
    void aJumpTo255FromStableIsExplosiveInTitleSeverityAndData() {
        MarketEvent e = jumpFromStable(2.55); // past 1.5 x 1.05, not past 2.5 x 1.05
        assertThat(e.title()).isEqualTo("SOL/USDT volatility STABLE -> EXPLOSIVE");
        assertThat(e.severity()).isEqualTo(Severity.WARNING);
        assertThat(e.data()).contains("\"reported_regime\":\"EXPLOSIVE\"")
                .contains("\"vol_regime\":\"EXTREME\"");
        assertThat(e.description()).isEqualTo("24h volatility 5.0% is 2.55x its 7-day mean of"
                + " 2.0%; was STABLE. This hour's ratio alone reads EXTREME; a regime is reported"
                + " only once the ratio is clearly past its boundary.");
    }

    @Test
    void aJumpTo27FromStableIsExtremeEverywhere() {
        MarketEvent e = jumpFromStable(2.7); // past 2.5 x 1.05
        assertThat(e.title()).isEqualTo("SOL/USDT volatility STABLE -> EXTREME");
        assertThat(e.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(e.data()).contains("\"reported_regime\":\"EXTREME\"")
                .contains("\"vol_regime\":\"EXTREME\"");
        assertThat(e.description()).doesNotContain("alone reads");
    }
}
