package io.regimeflow.connectors.jdbc;

import io.regimeflow.model.BuiltCandle;
import io.regimeflow.model.FeatureSnapshot;
import io.regimeflow.model.HourlyPairCorrelation;
import io.regimeflow.model.MarketEvent;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.connector.jdbc.datasource.statements.SimpleJdbcQueryStatement;

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
        return sink(settings, SnapshotUpsert.sql(settings.dialect()), new SnapshotUpsert());
    }

    /** Upserts events into {@code market_events}. */
    public static JdbcSink<MarketEvent> events(JdbcSettings settings) {
        return sink(settings, EventUpsert.sql(settings.dialect()), new EventUpsert());
    }

    /** Upserts every pair's hourly correlation into {@code pair_correlations}. */
    public static JdbcSink<HourlyPairCorrelation> pairCorrelations(JdbcSettings settings) {
        return sink(settings, PairCorrelationUpsert.SQL, new PairCorrelationUpsert());
    }

    /** Upserts built candles into {@code candles}. */
    public static JdbcSink<BuiltCandle> candles(JdbcSettings settings) {
        return sink(settings, CandleUpsert.SQL, new CandleUpsert(settings.dialect()));
    }

    /** An at-least-once sink of {@code sql}, its batches timed. */
    private static <T> JdbcSink<T> sink(JdbcSettings settings, String sql,
            JdbcStatementBuilder<T> statement) {
        return new MeteredJdbcSink<>(new TimedConnectionProvider(connectionOptions(settings)),
                executionOptions(settings), new SimpleJdbcQueryStatement<>(sql, statement));
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
