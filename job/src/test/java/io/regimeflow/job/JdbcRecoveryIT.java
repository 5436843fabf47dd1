package io.regimeflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.connectors.jdbc.JdbcSettings;
import io.regimeflow.connectors.jdbc.JdbcSinks;
import io.regimeflow.connectors.jdbc.SchemaMigrator;
import io.regimeflow.connectors.simulator.MarketSimulatorSource;
import io.regimeflow.connectors.simulator.SimulatorSettings;
import io.regimeflow.functions.AnalysisSettings;
import io.regimeflow.model.BuiltCandle;
import io.regimeflow.testkit.FlinkTestEnvironment;
import io.regimeflow.testkit.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole pipeline into a real PostgreSQL database twice, once with a failure mid-run and a
 * restore from the last checkpoint: both runs must leave exactly the same rows (nothing lost,
 * nothing doubled).
 */
class JdbcRecoveryIT {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = FlinkTestEnvironment.miniCluster();

    static final AtomicBoolean FAILED = new AtomicBoolean();
    static final AtomicInteger CHECKPOINTS_BEFORE_FAILURE = new AtomicInteger();

    /**
     * Fails the job once, at the first candle after {@code afterCheckpoints} checkpoints have
     * flushed this writer, so the restore starts from a checkpoint inside the run.
     */
    static final class FailOnceSink implements Sink<BuiltCandle> {
        private final int afterCheckpoints;

        FailOnceSink(int afterCheckpoints) {
            this.afterCheckpoints = afterCheckpoints;
        }

        @Override
        public SinkWriter<BuiltCandle> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                int flushes;

                @Override
                public void write(BuiltCandle c, Context ctx) {
                    if (flushes >= afterCheckpoints && FAILED.compareAndSet(false, true)) {
                        CHECKPOINTS_BEFORE_FAILURE.set(flushes);
                        throw new IllegalStateException("injected failure at " + c.openTime());
                    }
                }

                @Override
                public void flush(boolean endOfInput) {
                    flushes++;
                }

                @Override
                public void close() {}
            };
        }
    }

    static void run(JdbcSettings jdbc, boolean fail) throws Exception {
        SchemaMigrator.migrate(jdbc);
        SimulatorSettings sim = SimulatorSettings.builder(List.of("BTC/USDT", "ETH/USDT",
                "SOL/USDT"), Instant.parse("2024-01-01T00:00:00Z").toEpochMilli())
                .seed(7)
                .endMs(Instant.parse("2024-01-15T00:00:00Z").toEpochMilli())
                .speed(Double.POSITIVE_INFINITY)
                .gapProbability(0.001)
                .shocksPerDay(0.5)
                .build();
        StreamExecutionEnvironment env = FlinkTestEnvironment.env(2);
        env.enableCheckpointing(150);
        Configuration restart = new Configuration();
        restart.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 10);
        restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY,
                Duration.ofMillis(200));
        env.configure(restart);
        PipelineSinks jdbcSinks = PipelineSinks.of(JdbcSinks.candles(jdbc),
                JdbcSinks.snapshots(jdbc), JdbcSinks.events(jdbc));
        List<PipelineSinks.Output<BuiltCandle>> candles = new ArrayList<>(jdbcSinks.candles());
        if (fail) {
            candles.add(new PipelineSinks.Output<>("fail-once", new FailOnceSink(3), null));
        }
        RegimeflowPipeline.build(env, new MarketInput(new MarketSimulatorSource(sim),
                        RegimeflowPipeline.watermarks(Duration.ofSeconds(5),
                                Duration.ofMinutes(1)), false),
                AnalysisSettings.defaults(sim.symbols()),
                new PipelineSinks(candles, jdbcSinks.snapshots(), jdbcSinks.events()));
        env.execute("jdbc-recovery");
    }

    @Test
    void aRunWithAFailureAndRestoreLeavesTheSameRowsAsOneWithout() throws Exception {
        try (PostgresTestDatabase clean = PostgresTestDatabase.create();
                PostgresTestDatabase recovered = PostgresTestDatabase.create()) {
            run(settings(clean), false);
            FAILED.set(false);
            run(settings(recovered), true);
            assertThat(FAILED).isTrue();
            assertThat(CHECKPOINTS_BEFORE_FAILURE.get()).isGreaterThanOrEqualTo(3);

            for (String table : List.of("candles", "feature_snapshots", "market_events")) {
                List<List<String>> expected = rows(clean, table);
                assertThat(expected).as(table).isNotEmpty();
                assertThat(rows(recovered, table)).as(table).isEqualTo(expected);
            }
            // 14 days, 3 symbols: every hour's snapshot, once.
            assertThat(rows(recovered, "feature_snapshots")).hasSize(14 * 24 * 3);
        }
    }

    @Test
    void connectionsCutByTheServerMidRunLoseAndDoubleNothing() throws Exception {
        try (PostgresTestDatabase clean = PostgresTestDatabase.create();
                PostgresTestDatabase cut = PostgresTestDatabase.create()) {
            run(settings(clean), false);
            // While the job runs, the server drops every connection to its database, as a
            // restarting or failing-over PostgreSQL does.
            AtomicInteger terminated = new AtomicInteger();
            AtomicBoolean done = new AtomicBoolean();
            Thread killer = new Thread(() -> {
                String name = cut.url().substring(cut.url().lastIndexOf('/') + 1);
                try (Connection admin = DriverManager.getConnection(
                        PostgresTestDatabase.SERVER + "test", PostgresTestDatabase.USER, "")) {
                    // Two cuts, each once more rows have arrived: surely mid-run.
                    int seen = 0;
                    int cuts = 0;
                    while (cuts < 2 && !done.get()) {
                        int rows = 0;
                        try (Connection c = cut.connect();
                                Statement s = c.createStatement();
                                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM candles")) {
                            rs.next();
                            rows = rs.getInt(1);
                        } catch (SQLException e) {
                            // No table yet: the job is still starting.
                        }
                        if (rows > seen) {
                            seen = rows + 200;
                            try (Statement s = admin.createStatement(); ResultSet rs = s
                                    .executeQuery("SELECT COUNT(pg_terminate_backend(pid)) FROM "
                                            + "pg_stat_activity WHERE datname = '" + name + "'")) {
                                rs.next();
                                terminated.addAndGet(rs.getInt(1));
                            }
                            cuts++;
                        }
                        Thread.sleep(50);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            FAILED.set(true); // no injected failure in this run
            killer.start();
            try {
                run(settings(cut), false);
            } finally {
                done.set(true);
                killer.join();
            }
            assertThat(terminated.get()).as("connections cut").isPositive();
            for (String table : List.of("candles", "feature_snapshots", "market_events")) {
                assertThat(rows(cut, table)).as(table).isEqualTo(rows(clean, table));
            }
        }
    }

    static JdbcSettings settings(PostgresTestDatabase db) {
        return new JdbcSettings(db.url(), PostgresTestDatabase.USER, null, 200, 0, 3);
    }

    static List<List<String>> rows(PostgresTestDatabase db, String table) throws Exception {
        try (Connection c = db.connect()) {
            return TableRows.sorted(c, table);
        }
    }
}
