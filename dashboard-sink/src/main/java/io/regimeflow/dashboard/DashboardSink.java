package io.regimeflow.dashboard;

import java.io.Serializable;
import java.net.URI;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Sends one of the job's outputs to the dashboard hub. Each writer connects out to the hub's
 * {@code /ingest} WebSocket (so it works from any TaskManager), reconnects with backoff, and
 * buffers while the hub is away. The dashboard is a view, not a record (the database is): the
 * sink never holds up the job, and when its buffer is full it drops the oldest message, counted
 * in {@code dashboardDropped}.
 *
 * @param <T> snapshots, events, built candles, 1m candles or pair correlations, sent in their
 *     JSON form
 */
public final class DashboardSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    private final URI ingestUrl;
    private final String token;
    private final HubMessageKind kind;
    private final int bufferSize;
    private final Include<T> include;
    private final List<String> greeting;

    /** Which elements go to the dashboard. */
    @FunctionalInterface
    public interface Include<T> extends Serializable {
        boolean test(T element);
    }

    /**
     * @param kind the message kind the hub files it under: snapshot, event, candle, tick or
     *     pair_correlation
     * @param token the hub's ingest token, or null for a hub on loopback without one
     */
    public DashboardSink(URI ingestUrl, String token, HubMessageKind kind, int bufferSize,
            Include<T> include) {
        this(ingestUrl, token, kind, bufferSize, include, List.of());
    }

    /**
     * @param greeting whole messages ({@code {"kind":..,"data":..}}) sent first on every
     *     connection: what the hub must know that no record carries (the derivatives venue's
     *     state)
     */
    public DashboardSink(URI ingestUrl, String token, HubMessageKind kind, int bufferSize,
            Include<T> include, List<String> greeting) {
        this.greeting = List.copyOf(greeting);
        this.ingestUrl = ingestUrl;
        this.token = token;
        this.kind = kind;
        this.bufferSize = bufferSize;
        this.include = include;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        return new DashboardSinkWriter<>(ingestUrl, token, kind, bufferSize, include,
                greeting, context.metricGroup());
    }
}
