package io.regimeflow.connectors.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimeflow.model.MarketJson;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;

/**
 * What one attempt came to, read from the receiver's answer as each service documents it.
 *
 * @param status the HTTP status, 0 when no answer came (timeout, refused, reset)
 * @param retryAfterMs for a retry: the least wait the receiver asked for (429 Retry-After,
 *     Discord's and Telegram's {@code retry_after}), else 0
 * @param detail why it failed, from the answer, for webhook_logs and the dead letter
 */
public record DeliveryOutcome(Result result, int status, long retryAfterMs, String detail) {

    public enum Result {
        DELIVERED,
        /** A failure worth another attempt: 429, 408, 5xx, no answer. */
        RETRY,
        /** A failure another attempt would repeat (404 unknown webhook, 400, 401, 403). */
        REJECTED,
        /** Not posted: older than {@code sinks.webhooks.max-age} when it reached the sink. */
        STALE
    }

    static DeliveryOutcome noAnswer(String why) {
        return new DeliveryOutcome(Result.RETRY, 0, 0, why);
    }

    /** Classifies an answer of a {@code kind} receiver. */
    /** What an attempt came to: the receiver's answer, or {@code error} when there was none. */
    static DeliveryOutcome of(WebhookKind kind, HttpResponse<String> response, Throwable error) {
        return error != null ? noAnswer(WebhookSender.describe(error))
                : of(kind, response.statusCode(), response.headers(), response.body());
    }

    static DeliveryOutcome of(WebhookKind kind, int status, HttpHeaders headers, String body) {
        JsonNode json = parse(body);
        if (status >= 200 && status < 300) {
            if (kind == WebhookKind.TELEGRAM && json != null && !json.path("ok").asBoolean(true)) {
                return new DeliveryOutcome(Result.REJECTED, status, 0,
                        json.path("description").asText("ok: false"));
            }
            return new DeliveryOutcome(Result.DELIVERED, status, 0, null);
        }
        String detail = detail(status, json, body);
        if (status == 429 || status == 408 || status == 425 || status >= 500) {
            return new DeliveryOutcome(Result.RETRY, status, retryAfterMs(headers, json), detail);
        }
        return new DeliveryOutcome(Result.REJECTED, status, 0, detail);
    }

    /** The longest of the waits the answer asks for, in milliseconds. */
    static long retryAfterMs(HttpHeaders headers, JsonNode json) {
        double seconds = 0;
        String header = headers.firstValue("Retry-After").orElse(null);
        if (header != null) {
            try {
                seconds = Double.parseDouble(header.trim());
            } catch (NumberFormatException e) {
                // An HTTP date: rare from these services; the backoff covers it.
            }
        }
        if (json != null) {
            // Discord: retry_after in seconds at the top; Telegram: parameters.retry_after.
            seconds = Math.max(seconds, json.path("retry_after").asDouble(0));
            seconds = Math.max(seconds, json.path("parameters").path("retry_after").asDouble(0));
        }
        return (long) Math.ceil(Math.max(0, Math.min(seconds, 86_400)) * 1000);
    }

    private static String detail(int status, JsonNode json, String body) {
        String text;
        if (json != null && json.has("description")) {
            text = json.get("description").asText(); // Telegram
        } else if (json != null && json.has("message")) {
            text = json.get("message").asText()
                    + (json.has("code") ? " (code " + json.get("code").asText() + ")" : "");
        } else {
            text = body == null ? "" : body.strip();
        }
        return "HTTP " + status + (text.isEmpty() ? "" : ": " + EventFields.cut(text, 300));
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank() || !body.strip().startsWith("{")) {
            return null;
        }
        try {
            return MarketJson.mapper().readTree(body);
        } catch (Exception e) {
            return null;
        }
    }
}
