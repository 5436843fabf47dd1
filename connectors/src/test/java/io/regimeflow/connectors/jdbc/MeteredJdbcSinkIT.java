package io.regimeflow.connectors.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.regimeflow.model.EventType;
import io.regimeflow.model.MarketEvent;
import io.regimeflow.model.Severity;
import io.regimeflow.testkit.Await;
import io.regimeflow.testkit.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalLong;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobInfo;
import org.apache.flink.api.common.JobInfoImpl;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.TaskInfoImpl;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.runtime.metrics.groups.InternalSinkWriterMetricGroup;
import org.apache.flink.runtime.metrics.groups.UnregisteredMetricGroups;
import org.apache.flink.util.UserCodeClassLoader;
import org.junit.jupiter.api.Test;

/**
 * The JDBC writer against a real PostgreSQL that refuses a batch: its close must not rethrow it
 * (a close that throws while the task is failing is fatal to the whole TaskManager), and its
 * batches are timed.
 */
class MeteredJdbcSinkIT {

    /** What a sink writer's task gives it, as far as the JDBC writer looks. */
    static final class WriterContext implements WriterInitContext {
        final SinkWriterMetricGroup metrics = InternalSinkWriterMetricGroup.wrap(
                UnregisteredMetricGroups.createUnregisteredOperatorMetricGroup());

        @Override
        public UserCodeClassLoader getUserCodeClassLoader() {
            return null;
        }

        @Override
        public MailboxExecutor getMailboxExecutor() {
            return null;
        }

        @Override
        public ProcessingTimeService getProcessingTimeService() {
            return null;
        }

        @Override
        public SinkWriterMetricGroup metricGroup() {
            return metrics;
        }

        @Override
        public SerializationSchema.InitializationContext
                asSerializationSchemaInitializationContext() {
            return null;
        }

        @Override
        public boolean isObjectReuseEnabled() {
            return false;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <IN> TypeSerializer<IN> createInputSerializer() {
            return (TypeSerializer<IN>) TypeInformation.of(MarketEvent.class)
                    .createSerializer(new SerializerConfigImpl());
        }

        @Override
        public OptionalLong getRestoredCheckpointId() {
            return OptionalLong.empty();
        }

        @Override
        public JobInfo getJobInfo() {
            return new JobInfoImpl(new JobID(), "metered-jdbc-sink-it");
        }

        @Override
        public TaskInfo getTaskInfo() {
            return new TaskInfoImpl("events-sink", 1, 0, 1, 0);
        }
    }

    static MarketEvent event(int i) {
        return new MarketEvent("FUNDING_ANOMALY:BTC/USDT:" + i, EventType.FUNDING_ANOMALY,
                "BTC/USDT", Severity.WARNING, "t", "d", 1_704_067_200_000L + i, "{}");
    }

    /** The single number a query answers. */
    static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getLong(1);
        }
    }

    /** {@link #count}, or why there is none, for a failure message. */
    static String seen(Statement s, String sql) {
        try {
            return Long.toString(count(s, sql));
        } catch (SQLException e) {
            return "(" + e.getMessage() + ")";
        }
    }

    @Test
    void aBatchTheDatabaseRefusedIsLoggedOnCloseNotRethrown() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
            // Batches every 100 ms, no retries: the background flush meets the refusal first.
            JdbcSettings settings = new JdbcSettings(db.url(), PostgresTestDatabase.USER, null,
                    1000, 100, 0);
            SchemaMigrator.migrate(settings);
            JdbcWriter<MarketEvent> writer = JdbcSinks.events(settings)
                    .createWriter(new WriterContext());
            writer.write(event(1), null);
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                Await.until("the first batch written by the background flush",
                        () -> count(s, "SELECT COUNT(*) FROM market_events") == 1,
                        () -> seen(s, "SELECT COUNT(*) FROM market_events") + " rows");
                s.execute("DROP TABLE market_events"); // the database now refuses the batch
                // The refused batch is a transaction rolled back in this database: its count
                // (PostgreSQL's statistics, published by the writer's session within about a
                // second) tells that the background flush met the refusal.
                String rollbacks = "SELECT xact_rollback FROM pg_stat_database "
                        + "WHERE datname = current_database()";
                long before = count(s, rollbacks);
                writer.write(event(2), null);
                // The background flush fails and keeps the failure for close.
                Await.until("the background flush refused (a rollback in the database)",
                        () -> count(s, rollbacks) > before,
                        () -> seen(s, rollbacks) + " rollbacks, " + before + " before");
            }
            assertThatCode(writer::close).doesNotThrowAnyException();
        }
    }
}
