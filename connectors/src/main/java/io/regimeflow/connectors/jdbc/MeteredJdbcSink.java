package io.regimeflow.connectors.jdbc;

import java.io.IOException;
import java.util.Collection;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.jdbc.JdbcExactlyOnceOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriter;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriterState;
import org.apache.flink.connector.jdbc.datasource.statements.JdbcQueryStatement;

/**
 * The connector's at-least-once JDBC sink, whose writers report batch latency
 * ({@code jdbc.batchLatencyMs}, {@code jdbc.batches}, {@code jdbc.lastBatchLatencyMs}). A
 * subclass, not a wrapper: the sink's writer state and committer stay exactly the connector's.
 */
public final class MeteredJdbcSink<T> extends JdbcSink<T> {
    private static final long serialVersionUID = 1L;

    private final TimedConnectionProvider connections;

    MeteredJdbcSink(TimedConnectionProvider connections, JdbcExecutionOptions execution,
            JdbcQueryStatement<T> statement) {
        super(DeliveryGuarantee.AT_LEAST_ONCE, connections, execution,
                JdbcExactlyOnceOptions.defaults(), statement);
        this.connections = connections;
    }

    @Override
    public JdbcWriter<T> createWriter(WriterInitContext context) throws IOException {
        connections.attach(context.metricGroup());
        return super.createWriter(context);
    }

    @Override
    public JdbcWriter<T> restoreWriter(WriterInitContext context,
            Collection<JdbcWriterState> recoveredState) throws IOException {
        connections.attach(context.metricGroup());
        return super.restoreWriter(context, recoveredState);
    }
}
