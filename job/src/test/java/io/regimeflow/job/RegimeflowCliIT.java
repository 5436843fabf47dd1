package io.regimeflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.testkit.FlinkTestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The whole job from its command line, on a mini-cluster, into a real SQLite file. */
class RegimeflowCliIT {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = FlinkTestEnvironment.miniCluster();

    @TempDir
    Path dir;

    CliRun cli;

    @BeforeEach
    void newRun() {
        cli = new CliRun(dir);
    }

    int run(String... args) {
        return cli.run(args);
    }

    Map<String, Integer> candleCounts() throws Exception {
        Map<String, Integer> counts = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("rf.db"));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT interval, COUNT(*) FROM candles GROUP BY "
                        + "interval ORDER BY interval")) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getInt(2));
            }
        }
        return counts;
    }

    @Test
    void aBoundedSimulatorRunFillsTheDatabaseAndARerunAddsNoRow() throws Exception {
        String[] args = {"--source", "simulator", "--start", "2024-01-01", "--end",
            "2024-01-15", "--db", "jdbc:sqlite:" + dir.resolve("rf.db"),
            "--simulator.gap-probability", "0.001", "--parallelism", "2"};
        assertThat(run(args)).as(cli.err()).isZero();
        Map<String, Integer> first = candleCounts();
        // 2024-01-01 was a Monday: 14 days are exactly 2 weeks.
        assertThat(first).containsExactly(Map.entry("1d", 42), Map.entry("1h", 1008),
                Map.entry("1w", 6), Map.entry("4h", 252));
        assertThat(cli.out()).contains("1h=1008");

        Map<String, Integer> firstOutputs = outputCounts();
        // One snapshot per symbol per closed hour.
        assertThat(firstOutputs.get("snapshots")).isEqualTo(1008);
        assertThat(firstOutputs.get("events")).isPositive();

        assertThat(run(args)).isZero();
        assertThat(candleCounts()).isEqualTo(first);
        assertThat(outputCounts()).isEqualTo(firstOutputs);
    }

    Map<String, Integer> outputCounts() throws Exception {
        Map<String, Integer> counts = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("rf.db"));
                Statement s = c.createStatement()) {
            for (String table : new String[] {"feature_snapshots", "market_events"}) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rs.next();
                    counts.put(table.equals("market_events") ? "events" : "snapshots",
                            rs.getInt(1));
                }
            }
        }
        return counts;
    }

    @Test
    void gapsLeaveIncompleteCandlesWithTheirMinuteCount() throws Exception {
        assertThat(run("--start", "2024-01-01", "--end", "2024-01-03", "--symbols", "BTC/USDT",
                "--db", "jdbc:sqlite:" + dir.resolve("rf.db"), "--simulator.gap-probability",
                "0.01")).isZero();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("rf.db"));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT SUM(count), SUM(CASE WHEN complete THEN 0 "
                        + "ELSE 1 END), SUM(CASE WHEN complete AND count <> 60 THEN 1 ELSE 0 "
                        + "END) FROM candles WHERE interval = '1h'")) {
            rs.next();
            int minutes = rs.getInt(1);
            assertThat(minutes).isLessThan(2 * 1440).isGreaterThan(2 * 1440 - 60);
            assertThat(rs.getInt(2)).isPositive();
            assertThat(rs.getInt(3)).isZero();
        }
    }

    @Test
    void badConfigurationExitsTwoWithOneLineAndStartsNothing() throws Exception {
        Files.writeString(dir.resolve("bad.yaml"), "simulator:\n  sedd: 42\n");
        assertThat(run("--config", "bad.yaml")).isEqualTo(2);
        String[] lines = cli.err().strip().split("\\R");
        assertThat(lines).hasSize(1);
        assertThat(lines[0]).startsWith("regimeflow: config error: unknown key 'simulator.sedd'");
        assertThat(cli.out()).isEmpty();
        assertThat(dir.resolve("regimeflow.db")).doesNotExist();
    }

    @Test
    void aRelativeSqliteFileIsRefusedOutsideALocalRun() {
        // The mini-cluster of this test stands for a cluster: not a java -jar local run.
        assertThat(run("--start", "2024-01-01", "--end", "2024-01-02", "--db",
                "jdbc:sqlite:relative.db")).isEqualTo(2);
        assertThat(cli.err()).contains("expected jdbc:postgresql://... on a cluster");
    }

    @Test
    void anUnreachableDatabaseIsReportedBeforeTheJobStarts() {
        assertThat(run("--start", "2024-01-01", "--end", "2024-01-02", "--db",
                "jdbc:postgresql://127.0.0.1:1/nothing")).isEqualTo(1);
        assertThat(cli.err()).startsWith("regimeflow: cannot prepare the database at "
                + "jdbc:postgresql://127.0.0.1:1/nothing");
    }
}
