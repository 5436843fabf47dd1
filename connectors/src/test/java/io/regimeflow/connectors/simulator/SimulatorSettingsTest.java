package io.regimeflow.connectors.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class SimulatorSettingsTest {

    static final long START = SymbolSimulatorTest.START;
    static final List<String> BTC = List.of("BTC/USDT");

    @Test
    void theDefaultsAreTheJobsDefaults() {
        SimulatorSettings s = SimulatorSettings.builder(BTC, START).build();
        assertThat(s).isEqualTo(new SimulatorSettings(42, BTC, START, null, 60, 5, 0.0005, 8,
                0.15, 0.25, List.of(), null));
        // A bounded run goes as fast as it can, as the job's does without a replay speed.
        assertThat(SimulatorSettings.builder(BTC, START).endMs(START + 60_000L).build().speed())
                .isInfinite();
    }

    @Test
    void theSettingsTravelWithTheJobGraph() throws Exception {
        SimulatorSettings s = SimulatorSettings.builder(BTC, START).endMs(START + 60_000L)
                .plantedShocks(List.of(new PlantedShock("BTC/USDT", START, 2, 3, -1))).build();
        assertThat(InstantiationUtil.clone(s)).isEqualTo(s);
    }

    @Test
    void aBadValueFailsNamingTheSetting() {
        fails(SimulatorSettings.builder(List.of(), START), "symbols = []: expected at least one");
        fails(b -> b.bookInterval(Duration.ofMinutes(-5)), "bookInterval = PT-5M: expected a "
                + "positive duration");
        fails(b -> b.bookInterval(Duration.ofSeconds(90)), "bookInterval = PT1M30S");
        fails(b -> b.speed(0), "speed = 0.0: expected a number above 0");
        fails(b -> b.speed(Double.POSITIVE_INFINITY), "speed = Infinity: expected a finite");
        fails(b -> b.gapProbability(1), "gapProbability = 1.0: expected a probability in [0, 1)");
        fails(b -> b.shocksPerDay(-0.1), "shocksPerDay = -0.1");
        fails(b -> b.drift(2), "drift = 2.0");
        fails(b -> b.fundingIntervalHours(0), "fundingIntervalHours = 0");
        fails(b -> b.endMs(START), "endMs = " + START + ": expected a time after startMs");
        fails(SimulatorSettings.builder(BTC, START + 1), "startMs = " + (START + 1));
        fails(b -> b.plantedShocks(List.of(new PlantedShock("ETH/USDT", START, 2, 3, 1))),
                "plantedShocks = PlantedShock[symbol=ETH/USDT");
    }

    static void fails(UnaryOperator<SimulatorSettings.Builder> change, String message) {
        fails(change.apply(SimulatorSettings.builder(BTC, START)), message);
    }

    static void fails(SimulatorSettings.Builder b, String message) {
        assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }
}
