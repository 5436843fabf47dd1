package io.regimeflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.testkit.FlinkTestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job on three weeks of a steady simulated market: once with a planted SOL/USDT
 * episode (five days decoupled from the market, and within them a ten-hour crash at six times
 * its volatility), once without (the calm control).
 */
class MarketScenarioIT {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = FlinkTestEnvironment.miniCluster();

    @TempDir
    static Path dir;

    static final String STEADY = """
            source:
              start: 2024-01-01
              end: 2024-01-22
            simulator:
              shocks-per-day: 0
              drift: 0
              gap-probability: 0
            """;
    static final String PLANTED = """
              planted-shocks:
                - {symbol: SOL/USDT, start: 2024-01-14T00:00:00Z, duration: 5d, intensity: 1,
                   direction: down}
                - {symbol: SOL/USDT, start: 2024-01-17T12:00:00Z, duration: 10h, intensity: 6,
                   direction: down}
            """;
    static final long SHOCK = Instant.parse("2024-01-17T12:00:00Z").toEpochMilli();
    static final long DECOUPLING = Instant.parse("2024-01-14T00:00:00Z").toEpochMilli();
    static final long H = 3_600_000L;

    record Event(String id, String type, String symbol, String severity, long time, String data) {}

    static List<Event> scenario;
    static List<Event> control;

    static List<Event> run(String name, String yaml, String... extra) throws Exception {
        Files.writeString(dir.resolve(name + ".yaml"), yaml);
        List<String> args = new ArrayList<>(List.of("--config", name + ".yaml", "--db",
                "jdbc:sqlite:" + dir.resolve(name + ".db")));
        args.addAll(List.of(extra));
        CliRun cli = new CliRun(dir);
        assertThat(cli.run(args.toArray(String[]::new))).as(cli.err()).isZero();
        return events(dir.resolve(name + ".db"));
    }

    static List<Event> events(Path db) throws Exception {
        List<Event> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT event_id, event_type, symbol, severity, "
                        + "event_time, data FROM market_events ORDER BY event_id")) {
            while (rs.next()) {
                out.add(new Event(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getLong(5), rs.getString(6)));
            }
        }
        return out;
    }

    @BeforeAll
    static void runBoth() throws Exception {
        scenario = run("scenario", STEADY + PLANTED, "--parallelism", "2");
        control = run("control", STEADY, "--parallelism", "2");
    }

    static List<Event> of(List<Event> events, String type, String symbol) {
        return events.stream().filter(e -> e.type().equals(type) && e.symbol().contains(symbol))
                .toList();
    }

    @Test
    void theCrashRaisesACriticalCascadeOnSol() {
        List<Event> cascades = of(scenario, "LIQUIDATION_CASCADE", "SOL/USDT");
        assertThat(cascades).anySatisfy(e -> {
            assertThat(e.severity()).isEqualTo("CRITICAL");
            assertThat(e.time()).isBetween(SHOCK, SHOCK + 10 * H);
            assertThat(e.data()).contains("\"dominance\":\"LONG\"");
        });
        // Severity rises 3 -> 4 -> 5 at the start of the crash, each step alerted once.
        assertThat(cascades).extracting(Event::severity).contains("CRITICAL");
        assertThat(cascades).allSatisfy(e -> assertThat(e.time()).isBetween(SHOCK,
                SHOCK + 12 * H));
    }

    @Test
    void theCrashTakesSolVolatilityToExtreme() {
        assertThat(of(scenario, "VOLATILITY_REGIME_CHANGE", "SOL/USDT")).anySatisfy(e -> {
            assertThat(e.severity()).isEqualTo("CRITICAL");
            assertThat(e.data()).contains("\"vol_regime\":\"EXTREME\"");
            assertThat(e.time()).isBetween(SHOCK, SHOCK + 10 * H);
        });
    }

    @Test
    void theCrashDrivesSolFundingToACriticalLowAnomaly() {
        assertThat(of(scenario, "FUNDING_ANOMALY", "SOL/USDT")).anySatisfy(e -> {
            assertThat(e.severity()).isEqualTo("CRITICAL");
            assertThat(e.data()).contains("\"extreme_level\":\"LOW\"");
            assertThat(e.time()).isBetween(SHOCK, SHOCK + 10 * H);
        });
    }

    @Test
    void theDecouplingBreaksSolsCorrelations() {
        List<Event> breaks = of(scenario, "CORRELATION_BREAK", "SOL/USDT");
        assertThat(breaks).isNotEmpty().allSatisfy(e ->
                assertThat(e.time()).isGreaterThan(DECOUPLING));
        assertThat(of(scenario, "CORRELATION_BREAK", "BTC/USDT~ETH/USDT")).isEmpty();
    }

    @Test
    void nothingOfTheSortFiresInTheCalmControl() {
        assertThat(of(control, "LIQUIDATION_CASCADE", "")).isEmpty();
        assertThat(of(control, "CORRELATION_BREAK", "")).isEmpty();
        assertThat(of(control, "VOLATILITY_REGIME_CHANGE", ""))
                .allSatisfy(e -> assertThat(e.severity()).isEqualTo("INFO"));
        assertThat(of(control, "FUNDING_ANOMALY", ""))
                .allSatisfy(e -> assertThat(e.severity()).isNotEqualTo("CRITICAL"));
    }

    @Test
    void beforeTheEpisodeBothRunsRaiseTheSameEvents() {
        assertThat(scenario.stream().filter(e -> e.time() < DECOUPLING).toList())
                .isEqualTo(control.stream().filter(e -> e.time() < DECOUPLING).toList());
        // The episode changed nothing for the other symbols' own analyses.
        assertThat(scenario.stream().filter(e -> !e.symbol().contains("SOL")).toList())
                .isEqualTo(control.stream().filter(e -> !e.symbol().contains("SOL")).toList());
    }

    @Test
    void replayingTheInputGivesTheSameEventsWithTheSameIdsAtAnyParallelism() throws Exception {
        List<Event> serial = run("serial", STEADY + PLANTED, "--parallelism", "1");
        assertThat(serial).isEqualTo(scenario);
        assertThat(serial).extracting(Event::id).doesNotHaveDuplicates();
    }
}
