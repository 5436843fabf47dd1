package io.regimeflow.connectors.jdbc;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.InitContext;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.jdbc.JdbcExactlyOnceOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriter;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriterState;
import org.apache.flink.connector.jdbc.datasource.statements.JdbcQueryStatement;
import org.apache.flink.connector.jdbc.internal.JdbcOutputSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector's at-least-once JDBC sink, with two changes to its writers:
 * <ul>
 *   <li>they report batch latency ({@code jdbc.batchLatencyMs}, {@code jdbc.batches},
 *       {@code jdbc.lastBatchLatencyMs});
 *   <li>their {@code close()} does not rethrow a batch that failed. The connector's does, and
 *       when that happens while the task is already failing (the database cut the connection),
 *       Flink takes it as a fatal error of the TaskManager and stops it: the job then waits for
 *       a TaskManager instead of restarting. What was not written is written again after the
 *       restore from the last checkpoint (every write is an upsert), and a normal end has
 *       flushed everything before close.
 * </ul>
 * A subclass, not a wrapper: the sink's writer state and committer stay exactly the connector's.
 */
public final class MeteredJdbcSink<T> extends JdbcSink<T> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MeteredJdbcSink.class);

    private final TimedConnectionProvider connections;
    private final JdbcExecutionOptions execution;
    private final JdbcQueryStatement<T> statement;

    MeteredJdbcSink(TimedConnectionProvider connections, JdbcExecutionOptions execution,
            JdbcQueryStatement<T> statement) {
        super(DeliveryGuarantee.AT_LEAST_ONCE, connections, execution,
                JdbcExactlyOnceOptions.defaults(), statement);
        this.connections = connections;
        this.execution = execution;
        this.statement = statement;
    }

    @Override
    public JdbcWriter<T> createWriter(WriterInitContext context) throws IOException {
        return restoreWriter(context, List.of());
    }

    @Override
    public JdbcWriter<T> restoreWriter(WriterInitContext context,
            Collection<JdbcWriterState> recoveredState) throws IOException {
        connections.attach(context.metricGroup());
        return new QuietlyClosingWriter<>(connections, execution, statement,
                JdbcOutputSerializer.of(context.createInputSerializer(),
                        context.isObjectReuseEnabled()), recoveredState, context);
    }

    /** The connector's writer, whose close logs a failed batch instead of rethrowing it. */
    private static final class QuietlyClosingWriter<T> extends JdbcWriter<T> {
        QuietlyClosingWriter(TimedConnectionProvider connections, JdbcExecutionOptions execution,
                JdbcQueryStatement<T> statement, JdbcOutputSerializer<T> serializer,
                Collection<JdbcWriterState> state, InitContext context) throws IOException {
            super(connections, execution, JdbcExactlyOnceOptions.defaults(), statement,
                    serializer, DeliveryGuarantee.AT_LEAST_ONCE, state, context);
        }

        @Override
        public void close() throws Exception {
            try {
                super.close();
            } catch (RuntimeException e) {
                LOG.warn("JDBC writer closed with a batch not written ({}); the restore from "
                        + "the last checkpoint writes it again", e.getMessage(), e);
            }
        }
    }
}
