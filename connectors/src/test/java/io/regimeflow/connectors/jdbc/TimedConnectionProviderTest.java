package io.regimeflow.connectors.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.testutils.MetricListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimedConnectionProviderTest {

    @Test
    void everyExecutedBatchIsTimedAndDriverErrorsComeThroughUnwrapped(@TempDir Path dir)
            throws Exception {
        TimedConnectionProvider provider = new TimedConnectionProvider(
                new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                        .withUrl("jdbc:sqlite:" + dir.resolve("t.db"))
                        .withDriverName("org.sqlite.JDBC").build());
        MetricListener metrics = new MetricListener();
        provider.attach(metrics.getMetricGroup());
        provider.attach(metrics.getMetricGroup()); // the connector's createWriter and restore
        Connection c = provider.getOrEstablishConnection();
        assertThat(provider.getConnection()).isSameAs(c);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (k INTEGER PRIMARY KEY)");
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?)")) {
            for (int batch = 0; batch < 2; batch++) {
                for (int i = 0; i < 100; i++) {
                    ps.setInt(1, batch * 100 + i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            ps.setInt(1, 1);
            ps.addBatch();
            // A duplicate key: the driver's own exception, as the connector expects it.
            assertThatThrownBy(ps::executeBatch).isInstanceOf(SQLException.class);
        }
        Histogram latency = metrics.getHistogram("jdbc", "batchLatencyMs").orElseThrow();
        Counter batches = metrics.getCounter("jdbc", "batches").orElseThrow();
        assertThat(batches.getCount()).isEqualTo(2);
        assertThat(latency.getCount()).isEqualTo(2);
        assertThat(latency.getStatistics().getMin()).isGreaterThanOrEqualTo(0);
        provider.closeConnection();
    }
}
