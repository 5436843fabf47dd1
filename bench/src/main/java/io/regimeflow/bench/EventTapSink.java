package io.regimeflow.bench;

import io.regimeflow.model.MarketEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Notes the instant ({@link System#nanoTime}, ns) each event reaches the sinks, by event id, at
 * parallelism 1 beside the webhook sink (which reads the same events stream, also at parallelism
 * 1): it splits an alert's latency into the analyses' part and the webhook delivery's part. The
 * mini-cluster runs in this JVM, so the writer fills a static map the bench reads after.
 */
final class EventTapSink implements Sink<MarketEvent> {
    private static final long serialVersionUID = 1L;

    static final Map<String, Long> REACHED = new ConcurrentHashMap<>();

    @Override
    public SinkWriter<MarketEvent> createWriter(WriterInitContext context) {
        return new SinkWriter<>() {
            @Override
            public void write(MarketEvent event, Context ctx) {
                REACHED.putIfAbsent(event.eventId(), System.nanoTime());
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
