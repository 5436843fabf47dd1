package io.regimeflow.connectors.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Properties;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.datasource.connections.JdbcConnectionProvider;
import org.apache.flink.connector.jdbc.datasource.connections.SimpleJdbcConnectionProvider;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The connector's connection provider, with every {@code executeBatch} timed. The JDBC connector
 * reports no batch latency of its own, and a slow database is the first thing a data engineer
 * looks for when the job back-pressures. {@link MeteredJdbcSink} attaches the metrics when its
 * writer starts; each sink subtask has its own copy of this provider.
 */
final class TimedConnectionProvider implements JdbcConnectionProvider {
    private static final long serialVersionUID = 1L;

    private final SimpleJdbcConnectionProvider delegate;
    private transient Histogram latencyMs;
    private transient Counter batches;
    private transient volatile long lastLatencyMs;
    private transient Connection raw;
    private transient Connection timed;

    TimedConnectionProvider(JdbcConnectionOptions options) {
        this.delegate = new SimpleJdbcConnectionProvider(options);
    }

    /**
     * Registers the batch metrics in {@code group} (the sink writer's). Once: the connector's
     * createWriter goes through restoreWriter, so both ask.
     */
    void attach(MetricGroup group) {
        if (latencyMs != null) {
            return;
        }
        MetricGroup jdbc = group.addGroup("jdbc");
        latencyMs = jdbc.histogram("batchLatencyMs", new DescriptiveStatisticsHistogram(1000));
        batches = jdbc.counter("batches");
        jdbc.gauge("lastBatchLatencyMs", () -> lastLatencyMs);
    }

    @Override
    public Connection getConnection() {
        return timed(delegate.getConnection());
    }

    @Override
    public boolean isConnectionValid() throws SQLException {
        return delegate.isConnectionValid();
    }

    @Override
    public Connection getOrEstablishConnection() throws SQLException, ClassNotFoundException {
        return timed(delegate.getOrEstablishConnection());
    }

    @Override
    public void closeConnection() {
        delegate.closeConnection();
    }

    @Override
    public Connection reestablishConnection() throws SQLException, ClassNotFoundException {
        return timed(delegate.reestablishConnection());
    }

    @Override
    public Properties getProperties() {
        return delegate.getProperties();
    }

    private synchronized Connection timed(Connection connection) {
        if (connection == null) {
            return null;
        }
        if (connection != raw) {
            raw = connection;
            timed = proxy(Connection.class, connection, (c, method, args) -> {
                Object result = call(c, method, args);
                return result instanceof PreparedStatement ps && method.getName()
                        .equals("prepareStatement") ? timedStatement(ps) : result;
            });
        }
        return timed;
    }

    private PreparedStatement timedStatement(PreparedStatement statement) {
        return proxy(PreparedStatement.class, statement, (s, method, args) -> {
            if (!method.getName().equals("executeBatch")) {
                return call(s, method, args);
            }
            long start = System.nanoTime();
            Object result = call(s, method, args);
            record((System.nanoTime() - start) / 1_000_000);
            return result;
        });
    }

    private void record(long ms) {
        lastLatencyMs = ms;
        if (latencyMs != null) {
            latencyMs.update(ms);
            batches.inc();
        }
    }

    private interface Call<T> {
        Object invoke(T target, Method method, Object[] args) throws Throwable;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T target, Call<T> call) {
        InvocationHandler handler = (p, method, args) -> call.invoke(target, method, args);
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    }

    /** Calls through, rethrowing what the driver threw (not the reflection wrapper). */
    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
