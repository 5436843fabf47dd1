package io.regimeflow.connectors.webhook;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Sends one webhook request: a POST of its JSON body with its headers, no redirects followed,
 * at most 64 KiB of the answer kept; the answer's headers within the timeout, the whole answer
 * within twice it.
 */
final class WebhookSender {
    /**
     * At most 64 KiB of an answer is kept (enough for any error text); the rest is read and
     * dropped. Collected as it arrives, without blocking a thread on the body.
     */
    private static final HttpResponse.BodyHandler<String> BOUNDED_BODY = info -> {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        return HttpResponse.BodySubscribers.mapping(
                HttpResponse.BodySubscribers.ofByteArrayConsumer(chunk -> chunk.ifPresent(b -> {
                    int room = 64 * 1024 - kept.size();
                    if (room > 0) {
                        kept.write(b, 0, Math.min(room, b.length));
                    }
                })),
                done -> kept.toString(StandardCharsets.UTF_8));
    };

    private final long timeoutMs;
    private final HttpClient http;

    WebhookSender(long timeoutMs) {
        this.timeoutMs = timeoutMs;
        // The client keeps its own executor: completions write to the database on the
        // dispatcher's workers, and a slow database must not stop the other targets' exchanges.
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofMillis(timeoutMs))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Sends {@code request}; completes with the answer, or exceptionally without one. */
    CompletableFuture<HttpResponse<String>> send(HttpRequest request) {
        // The request timeout covers the headers only: a receiver that stalls in the body
        // would hold the lane for ever without the overall limit.
        return http.sendAsync(request, BOUNDED_BODY)
                .orTimeout(timeoutMs * 2, TimeUnit.MILLISECONDS);
    }

    /**
     * The HTTP request of a delivery; throws (IllegalArgumentException) for one that cannot be
     * built, which no retry would change.
     */
    HttpRequest httpRequest(WebhookRequest request) {
        HttpRequest.Builder b = HttpRequest.newBuilder(request.url())
                .timeout(Duration.ofMillis(timeoutMs))
                .header("Content-Type", "application/json")
                .header("User-Agent", "regimeflow-webhooks/1")
                .POST(HttpRequest.BodyPublishers.ofString(request.body()));
        request.headers().forEach(b::header);
        return b.build();
    }

    /** Why no answer came, in words for webhook_logs. */
    static String describe(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null
                ? error.getCause() : error;
        if (e instanceof HttpTimeoutException) {
            return "no answer within the timeout";
        }
        return "no answer: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
