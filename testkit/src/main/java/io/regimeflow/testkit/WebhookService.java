package io.regimeflow.testkit;

import static io.regimeflow.testkit.WebhookReplies.answer;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service a webhook path belongs to, and its answers as the real service gives them, for
 * {@link FakeWebhookReceiver}. Each answer returns the status sent.
 */
enum WebhookService {
    DISCORD, SLACK, TELEGRAM, GENERIC;

    static WebhookService of(String path) {
        if (path.matches("/api(/v\\d+)?/webhooks/.+")) {
            return DISCORD;
        }
        if (path.startsWith("/services/")) {
            return SLACK;
        }
        if (path.matches("/bot[^/]+/sendMessage")) {
            return TELEGRAM;
        }
        return GENERIC;
    }

    /** Success; Telegram's names the message, its id the next of {@code messageIds}. */
    int ok(HttpExchange ex, AtomicInteger messageIds) throws IOException {
        switch (this) {
            case DISCORD -> {
                ex.getResponseHeaders().add("X-RateLimit-Limit", "5");
                ex.getResponseHeaders().add("X-RateLimit-Remaining", "4");
                WebhookReplies.sendHeaders(ex, 204, -1);
                return 204;
            }
            case SLACK -> {
                return answer(ex, 200, "text/html", "ok", Map.of());
            }
            case TELEGRAM -> {
                int id = messageIds.getAndIncrement();
                return answer(ex, 200, "application/json", "{\"ok\":true,\"result\":{"
                        + "\"message_id\":" + id + ",\"from\":{\"id\":7000000001,"
                        + "\"is_bot\":true,\"first_name\":\"regimeflow\"},\"chat\":{\"id\":"
                        + "-1001234567890,\"title\":\"alerts\",\"type\":\"supergroup\"},"
                        + "\"date\":" + System.currentTimeMillis() / 1000 + ",\"text\":"
                        + "\"...\"}}", Map.of());
            }
            default -> {
                return answer(ex, 200, "application/json", "{\"received\":true}", Map.of());
            }
        }
    }

    /** A 429 asking the client to wait {@code seconds}. */
    int rateLimited(HttpExchange ex, double seconds) throws IOException {
        String whole = Long.toString((long) Math.ceil(seconds));
        return switch (this) {
            case DISCORD -> answer(ex, 429, "application/json", String.format(Locale.ROOT,
                    "{\"message\": \"You are being rate limited.\", \"retry_after\": %.3f, "
                            + "\"global\": false}", seconds), Map.of(
                    "Retry-After", whole,
                    "X-RateLimit-Limit", "5",
                    "X-RateLimit-Remaining", "0",
                    "X-RateLimit-Reset", String.format(Locale.ROOT, "%.3f",
                            System.currentTimeMillis() / 1000.0 + seconds),
                    "X-RateLimit-Reset-After", String.format(Locale.ROOT, "%.3f", seconds),
                    "X-RateLimit-Bucket", "d2f1c3b4a5e6",
                    "X-RateLimit-Scope", "user"));
            case SLACK -> answer(ex, 429, "text/html", "", Map.of("Retry-After", whole));
            case TELEGRAM -> answer(ex, 429, "application/json", "{\"ok\":false,"
                    + "\"error_code\":429,\"description\":\"Too Many Requests: retry after "
                    + whole + "\",\"parameters\":{\"retry_after\":" + whole + "}}",
                    Map.of("Retry-After", whole));
            case GENERIC -> answer(ex, 429, "application/json",
                    "{\"error\":\"slow down\"}", Map.of("Retry-After", whole));
        };
    }

    int serverError(HttpExchange ex) throws IOException {
        return switch (this) {
            case DISCORD -> answer(ex, 500, "application/json",
                    "{\"message\": \"500: Internal Server Error\", \"code\": 0}", Map.of());
            case SLACK -> answer(ex, 500, "text/html", "rollup_error", Map.of());
            case TELEGRAM -> answer(ex, 500, "application/json", "{\"ok\":false,"
                    + "\"error_code\":500,\"description\":\"Internal Server Error\"}",
                    Map.of());
            case GENERIC -> answer(ex, 503, "text/plain", "unavailable", Map.of());
        };
    }

    /** The destination is gone: an unknown webhook, a chat not found, no such service. */
    int gone(HttpExchange ex) throws IOException {
        return switch (this) {
            case DISCORD -> answer(ex, 404, "application/json",
                    "{\"message\": \"Unknown Webhook\", \"code\": 10015}", Map.of());
            case SLACK -> answer(ex, 404, "text/html", "no_service", Map.of());
            case TELEGRAM -> answer(ex, 400, "application/json", "{\"ok\":false,"
                    + "\"error_code\":400,\"description\":\"Bad Request: chat not found\"}",
                    Map.of());
            case GENERIC -> answer(ex, 410, "text/plain", "gone", Map.of());
        };
    }
}
