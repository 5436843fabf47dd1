package io.regimeflow.connectors.webhook;

import io.regimeflow.model.MarketEvent;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.MetricGroup;

/**
 * Routes each event to the targets that take it and hands the deliveries to the dispatcher;
 * never waits for a receiver, except at the end of a bounded input, when it waits until every
 * delivery is done.
 */
final class WebhookSinkWriter implements StatefulSinkWriter<MarketEvent, PendingDelivery> {

    private final WebhookSettings settings;
    private final WebhookDispatcher dispatcher;

    WebhookSinkWriter(WebhookSettings settings, WriterInitContext context,
            Collection<PendingDelivery> restored) throws IOException {
        this.settings = settings;
        this.dispatcher = new WebhookDispatcher(settings, new WebhookLedger(settings.ledger()),
                Math::random);
        MetricGroup metrics = context.metricGroup().addGroup("webhooks");
        metrics.gauge("delivered", dispatcher.delivered::get);
        metrics.gauge("retries", dispatcher.retries::get);
        metrics.gauge("deadLettered", dispatcher.deadLettered::get);
        metrics.gauge("failedAttempts", dispatcher.failedAttempts::get);
        metrics.gauge("rateLimited", dispatcher.rateLimited::get);
        metrics.gauge("pending", () -> dispatcher.pending().size());
        for (PendingDelivery d : restored) {
            dispatcher.submit(d);
        }
    }

    @Override
    public void write(MarketEvent event, Context context) throws IOException {
        for (WebhookTarget t : settings.targets()) {
            if (t.accepts(event)) {
                dispatcher.submit(new PendingDelivery(t.name(), event, 0, 0));
            }
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        if (endOfInput) {
            dispatcher.awaitIdle();
        }
        dispatcher.checkHealthy();
    }

    @Override
    public List<PendingDelivery> snapshotState(long checkpointId) throws IOException {
        return dispatcher.snapshot();
    }

    @Override
    public void close() throws Exception {
        dispatcher.close();
    }
}
