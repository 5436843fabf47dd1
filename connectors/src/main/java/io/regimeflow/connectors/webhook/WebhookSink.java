package io.regimeflow.connectors.webhook;

import io.regimeflow.model.MarketEvent;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Sends events to the configured webhook targets (Sink V2). Delivery is asynchronous
 * ({@link WebhookDispatcher}) and at-least-once: the deliveries still pending at a checkpoint
 * are the writer's state, so a restore sends them again; an event delivered just before a
 * failure may arrive twice, with the same event id for the receiver to deduplicate on.
 */
public final class WebhookSink implements Sink<MarketEvent>,
        SupportsWriterState<MarketEvent, PendingDelivery> {
    private static final long serialVersionUID = 1L;

    private final WebhookSettings settings;

    public WebhookSink(WebhookSettings settings) {
        this.settings = settings;
    }

    @Override
    public StatefulSinkWriter<MarketEvent, PendingDelivery> createWriter(
            WriterInitContext context) throws IOException {
        return new WebhookSinkWriter(settings, context, List.of());
    }

    @Override
    public StatefulSinkWriter<MarketEvent, PendingDelivery> restoreWriter(
            WriterInitContext context, Collection<PendingDelivery> state) throws IOException {
        return new WebhookSinkWriter(settings, context, state);
    }

    @Override
    public SimpleVersionedSerializer<PendingDelivery> getWriterStateSerializer() {
        return new PendingDeliverySerializer();
    }
}
