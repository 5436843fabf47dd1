package io.regimeflow.connectors.jdbc;

import io.regimeflow.model.BuiltCandle;
import io.regimeflow.model.FeatureSnapshot;
import io.regimeflow.model.MarketEvent;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * The job's JDBC sinks, on the Flink JDBC connector (Sink V2). They are at-least-once: rows are
 * batched and flushed on every checkpoint, and because every write is an upsert on a
 * deterministic key, a batch replayed after a restore rewrites the same rows: the tables end up
 * as if each row had been written exactly once.
 */
public final class JdbcSinks {
    private JdbcSinks() {}

    /** Upserts hourly snapshots into {@code feature_snapshots}. */
    public static JdbcSink<FeatureSnapshot> snapshots(JdbcSettings settings) {
        return JdbcSink.<FeatureSnapshot>builder()
                .withQueryStatement(SnapshotUpsert.sql(settings.dialect()), new SnapshotUpsert())
                .withExecutionOptions(executionOptions(settings))
                .buildAtLeastOnce(connectionOptions(settings));
    }

    /** Upserts events into {@code market_events}. */
    public static JdbcSink<MarketEvent> events(JdbcSettings settings) {
        return JdbcSink.<MarketEvent>builder()
                .withQueryStatement(EventUpsert.sql(settings.dialect()), new EventUpsert())
                .withExecutionOptions(executionOptions(settings))
                .buildAtLeastOnce(connectionOptions(settings));
    }

    /** Upserts built candles into {@code candles}. */
    public static JdbcSink<BuiltCandle> candles(JdbcSettings settings) {
        return JdbcSink.<BuiltCandle>builder()
                .withQueryStatement(CandleUpsert.SQL, new CandleUpsert(settings.dialect()))
                .withExecutionOptions(executionOptions(settings))
                .buildAtLeastOnce(connectionOptions(settings));
    }

    static JdbcExecutionOptions executionOptions(JdbcSettings settings) {
        return JdbcExecutionOptions.builder()
                .withBatchSize(settings.batchSize())
                .withBatchIntervalMs(settings.batchIntervalMs())
                .withMaxRetries(settings.maxRetries())
                .build();
    }

    static JdbcConnectionOptions connectionOptions(JdbcSettings settings) {
        SqlDialect dialect = settings.dialect();
        JdbcConnectionOptions.JdbcConnectionOptionsBuilder b =
                new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                        .withUrl(dialect.connectionUrl(settings.url()))
                        .withDriverName(dialect.driverClass());
        if (settings.username() != null) {
            b.withUsername(settings.username());
        }
        if (settings.password() != null) {
            b.withPassword(settings.password());
        }
        return b.build();
    }
}
