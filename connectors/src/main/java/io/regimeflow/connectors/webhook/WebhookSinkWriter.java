package io.regimeflow.connectors.webhook;

import io.regimeflow.model.MarketEvent;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each event to the targets that take it and hands the deliveries to the dispatcher;
 * never waits for a receiver, except at the end of a bounded input, when it waits until every
 * delivery is done.
 */
final class WebhookSinkWriter implements StatefulSinkWriter<MarketEvent, PendingDelivery> {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSinkWriter.class);

    private final WebhookSettings settings;
    private final WebhookLedger ledger;
    private final WebhookDispatcher dispatcher;
    private final Counter stale;

    WebhookSinkWriter(WebhookSettings settings, WriterInitContext context,
            Collection<PendingDelivery> restored) throws IOException {
        this.settings = settings;
        this.ledger = new WebhookLedger(settings.ledger());
        this.dispatcher = new WebhookDispatcher(settings, ledger, Math::random);
        MetricGroup metrics = context.metricGroup().addGroup("webhooks");
        this.stale = metrics.counter("stale");
        metrics.gauge("delivered", dispatcher.counts.delivered::get);
        metrics.gauge("retries", dispatcher.counts.retries::get);
        metrics.gauge("deadLettered", dispatcher.counts.deadLettered::get);
        metrics.gauge("failedAttempts", dispatcher.counts.failedAttempts::get);
        metrics.gauge("rateLimited", dispatcher.counts.rateLimited::get);
        metrics.gauge("pending", () -> dispatcher.pending().size());
        long now = System.currentTimeMillis();
        for (PendingDelivery d : restored) {
            // A job down for a day must not post yesterday's alerts on its return.
            String old = staleness(d.event(), now);
            WebhookTarget t = settings.target(d.target());
            if (old == null || t == null) {
                dispatcher.submit(d);
            } else {
                stale(t, d, old, now);
            }
        }
    }

    @Override
    public void write(MarketEvent event, Context context) throws IOException {
        long now = System.currentTimeMillis();
        String old = staleness(event, now);
        for (WebhookTarget t : settings.targets()) {
            if (!t.accepts(event)) {
                continue;
            }
            PendingDelivery d = new PendingDelivery(t.name(), event, 0, 0);
            if (old == null) {
                dispatcher.submit(d);
                continue;
            }
            stale(t, d, old, now);
        }
    }

    /** Records {@code d} as not posted (too old), and says so once. */
    private void stale(WebhookTarget t, PendingDelivery d, String old, long now)
            throws IOException {
        if (stale.getCount() == 0) {
            LOG.info("webhooks: events older than sinks.webhooks.max-age are written to "
                    + "webhook_logs as STALE, not posted (a backfill or a replay; set "
                    + "max-age to null to post history); the first: {} {} ({})",
                    d.event().eventType(), d.event().eventId(), old);
        }
        stale.inc();
        try {
            ledger.stale(t, d, old, now);
        } catch (SQLException e) {
            throw new IOException("cannot record a stale event in webhook_logs", e);
        }
    }

    /**
     * Why the event is too old to post, or null: its event time is more than max-age behind
     * the wall clock. A channel reading "CRITICAL cascade" takes it as now; one from months
     * ago, posted by a fresh start's backfill, would be a false alarm.
     */
    private String staleness(MarketEvent event, long now) {
        Long max = settings.maxAgeMs();
        long age = now - event.eventTime();
        if (max == null || age <= max) {
            return null;
        }
        return "event time " + Instant.ofEpochMilli(event.eventTime()) + " is "
                + Duration.ofMillis(age).toMinutes() + " min old, over max-age "
                + Duration.ofMillis(max).toMinutes() + " min";
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
