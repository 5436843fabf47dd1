package io.regimeflow.connectors.webhook;

import io.regimeflow.model.EventType;
import io.regimeflow.model.MarketEvent;
import io.regimeflow.model.Severity;
import java.io.Serializable;
import java.net.URI;
import java.util.Set;

/**
 * One receiver of events.
 *
 * @param name how logs and webhook_logs name it (never the URL, which holds the secret token)
 * @param events the event types it receives; empty: all
 * @param minSeverity the least severe event it receives
 * @param secret the HMAC key of a JSON target (null: unsigned); unused by the other kinds
 * @param chatId the chat a Telegram target posts to; unused by the other kinds
 */
public record WebhookTarget(String name, URI url, WebhookKind kind, Set<EventType> events,
        Severity minSeverity, String secret, String chatId) implements Serializable {

    public WebhookTarget {
        events = Set.copyOf(events);
    }

    public boolean accepts(MarketEvent event) {
        return (events.isEmpty() || events.contains(event.eventType()))
                && event.severity().compareTo(minSeverity) >= 0;
    }

    /** The URL with its secret parts masked, for logs and webhook_logs. */
    public String maskedUrl() {
        return WebhookUrls.mask(url);
    }

    @Override
    public String toString() {
        return "WebhookTarget[" + name + " " + kind + " " + maskedUrl() + "]";
    }
}
