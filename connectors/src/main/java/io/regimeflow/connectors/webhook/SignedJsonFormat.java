package io.regimeflow.connectors.webhook;

import io.regimeflow.model.MarketEvent;
import io.regimeflow.model.MarketJson;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The generic delivery: the full event as JSON (docs/json-formats.md), an
 * {@code Idempotency-Key} (the event id, the same on every retry and replay), and when the
 * target has a secret the {@link WebhookSignature} headers.
 */
final class SignedJsonFormat {
    private SignedJsonFormat() {}

    static WebhookRequest format(WebhookTarget target, MarketEvent event, long nowMs) {
        String body = MarketJson.write(event);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Idempotency-Key", event.eventId());
        headers.put("X-Regimeflow-Event-Type", event.eventType().name());
        if (target.secret() != null) {
            long ts = nowMs / 1000;
            headers.put(WebhookSignature.ID, event.eventId());
            headers.put(WebhookSignature.TIMESTAMP, Long.toString(ts));
            headers.put(WebhookSignature.SIGNATURE,
                    WebhookSignature.sign(target.secret(), event.eventId(), ts, body));
        }
        return new WebhookRequest(target.url(), headers, body);
    }
}
