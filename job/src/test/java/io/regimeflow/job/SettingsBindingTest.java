package io.regimeflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.connectors.jdbc.JdbcSettings;
import io.regimeflow.connectors.simulator.PlantedShock;
import io.regimeflow.connectors.simulator.SimulatorSettings;
import io.regimeflow.connectors.webhook.WebhookSettings;
import io.regimeflow.job.config.CommandLine;
import io.regimeflow.job.config.ConfigLoader;
import io.regimeflow.job.config.RegimeflowConfig;
import io.regimeflow.job.config.WebhookTargets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration reaches the simulator's and the webhook sink's settings unchanged. */
class SettingsBindingTest {

    static final Instant NOW = Instant.parse("2024-03-01T10:15:42Z");
    static final long MINUTE = NOW.truncatedTo(ChronoUnit.MINUTES).toEpochMilli();

    @TempDir
    Path dir;

    RegimeflowConfig load(String... args) {
        return ConfigLoader.load(CommandLine.parse(args),
                Map.of("WEBHOOKS_CASCADE", "https://hooks.slack.com/services/T/B/x"), dir);
    }

    /** The builders' defaults are the job's: a change to either side shows here. */
    @Test
    void theDefaultConfigurationIsTheBuildersDefaults() {
        RegimeflowConfig c = load();
        assertThat(MarketSources.simulatorSettings(c, NOW)).isEqualTo(SimulatorSettings
                .builder(c.symbols(), MINUTE - Duration.ofDays(21).toMillis())
                .paceFromMs(MINUTE).build());
        long start = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
        long end = Instant.parse("2024-02-01T00:00:00Z").toEpochMilli();
        assertThat(MarketSources.simulatorSettings(load("--start", "2024-01-01", "--end",
                "2024-02-01"), NOW)).isEqualTo(SimulatorSettings.builder(c.symbols(), start)
                .endMs(end).build());
        WebhookSettings hooks = WebhookTargets.settings(c.sinks().webhooks(), null);
        assertThat(hooks).isEqualTo(WebhookSettings.builder(hooks.targets()).build());
    }

    @Test
    void everyKeyReachesItsSetting() throws Exception {
        Files.writeString(dir.resolve("s.yaml"), """
                simulator:
                  seed: 9
                  speed: 120
                  book-interval: 15m
                  gap-probability: 0.01
                  funding-interval-hours: 4
                  shocks-per-day: 0.5
                  drift: 0.1
                  planted-shocks:
                    - {symbol: SOL/USDT, start: 2024-01-20T12:00:00Z, duration: 8h,
                       intensity: 5, direction: down}
                sinks:
                  webhooks:
                    timeout: 3s
                    max-attempts: 4
                    backoff: 250ms
                    backoff-cap: 90s
                    breaker-failures: 7
                    breaker-cooldown: 45s
                    max-pending: 77
                    max-age: null
                """);
        RegimeflowConfig c = load("--config", "s.yaml");
        assertThat(MarketSources.simulatorSettings(c, NOW)).isEqualTo(new SimulatorSettings(9,
                c.symbols(), MINUTE - Duration.ofDays(21).toMillis(), null, 120, 15, 0.01, 4,
                0.5, 0.1, List.of(new PlantedShock("SOL/USDT",
                        Instant.parse("2024-01-20T12:00:00Z").toEpochMilli(), 8, 5, -1)),
                MINUTE));
        assertThat(MarketSources.simulatorSettings(load("--start", "2024-01-01", "--end",
                "2024-02-01", "--simulator.replay-speed", "3600"), NOW).speed())
                .isEqualTo(3600);
        JdbcSettings ledger = new JdbcSettings("jdbc:sqlite:x.db", null, null, 5, 6, 7);
        WebhookSettings hooks = WebhookTargets.settings(c.sinks().webhooks(), ledger);
        assertThat(hooks).isEqualTo(new WebhookSettings(hooks.targets(), 3_000, 4, 250, 90_000,
                7, 45_000, 77, ledger, null));
    }
}
