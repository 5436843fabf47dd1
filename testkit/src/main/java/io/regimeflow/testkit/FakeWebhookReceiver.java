package io.regimeflow.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Webhook receivers on loopback that answer as the real services do, by path:
 *
 * <ul>
 *   <li>Discord ({@code /api/v10/webhooks/<id>/<token>}): 204 with no body; a 429 with Discord's
 *       JSON body ({@code retry_after} in seconds), {@code Retry-After} and X-RateLimit headers;
 *       404 {@code {"message": "Unknown Webhook", "code": 10015}};
 *   <li>Slack ({@code /services/...}): 200 {@code ok} as text/html; 429 with Retry-After; 500
 *       {@code rollup_error};
 *   <li>Telegram ({@code /bot<token>/sendMessage}): 200 {@code {"ok":true,"result":{...}}}; 429
 *       {@code {"ok":false,"error_code":429,...,"parameters":{"retry_after":N}}} with Retry-After;
 *   <li>anything else: a generic receiver answering 200 {@code {"received":true}}.
 * </ul>
 *
 * Faults are scripted per path, consumed in order; a path with none left answers success.
 * Every request is recorded, with the answer it got.
 */
public final class FakeWebhookReceiver implements AutoCloseable {

    /** A request as received, and the status it was answered with. */
    public record Received(String path, Map<String, String> headers, String body, int status) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** A scripted answer instead of success. */
    public sealed interface Fault {}

    /** A 429 with the service's body and headers, asking for {@code seconds}. */
    public record RateLimited(double seconds) implements Fault {}

    /** A plain server error with the service's body. */
    public record ServerError() implements Fault {}

    /** Discord's unknown webhook (404), Telegram's chat not found (400), Slack's no_service. */
    public record Gone() implements Fault {}

    /** No answer until {@code release} opens; never one if it stays shut for 10 minutes. */
    public record Hang(CountDownLatch release) implements Fault {}

    /** A 200 whose body stops after a few bytes until {@code release} opens (or 10 minutes). */
    public record StallBody(CountDownLatch release) implements Fault {}

    /**
     * How long a hold lasts when nobody opens it: only so that a test that forgot frees the
     * thread. Longer than any test's wait ({@link Await#PATIENT}): a hold that ended on its own
     * while a slow machine was still working would change what the test sees.
     */
    private static final long HOLD_CAP_MINUTES = 10;

    private final HttpServer server;
    private final Map<String, Queue<Fault>> faults = new HashMap<>();
    private final Map<String, Fault> always = new HashMap<>();
    private final List<Received> received = new ArrayList<>();
    private final Map<String, Integer> arrived = new HashMap<>();
    private final AtomicInteger messageIds = new AtomicInteger(1);

    public FakeWebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** Answers the next requests to {@code path} with these faults, in order. */
    public synchronized FakeWebhookReceiver script(String path, Fault... list) {
        faults.computeIfAbsent(path, p -> new ArrayDeque<>()).addAll(List.of(list));
        return this;
    }

    /** Answers every request to {@code path} with this fault. */
    public synchronized FakeWebhookReceiver always(String path, Fault fault) {
        always.put(path, fault);
        return this;
    }

    public synchronized List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    /**
     * The POSTs to {@code path} that have arrived so far, counted as soon as their body is read:
     * unlike {@link #received}, this includes a request still held by a {@link Hang} or
     * {@link StallBody}.
     */
    public synchronized int arrived(String path) {
        return arrived.getOrDefault(path, 0);
    }

    /** The requests to {@code path} that were answered with success. */
    public synchronized List<Received> accepted(String path) {
        return received.stream().filter(r -> r.path().equals(path) && r.status() < 300)
                .toList();
    }

    private Fault nextFault(String path) {
        synchronized (this) {
            Fault f = always.get(path);
            if (f != null) {
                return f;
            }
            Queue<Fault> q = faults.get(path);
            return q == null ? null : q.poll();
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            respond(ex);
        } finally {
            WebhookReplies.forget(ex);
            ex.close();
        }
    }

    private void respond(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT),
                String.join(",", v)));
        if (!ex.getRequestMethod().equals("POST")) {
            WebhookReplies.answer(ex, 405, "text/plain", "method not allowed", Map.of());
            return;
        }
        synchronized (this) {
            arrived.merge(path, 1, Integer::sum);
        }
        // Recorded as the answer goes out, not after: a client that has its answer must
        // find its request here (it may check at once).
        WebhookReplies.recordWith(ex, status -> {
            synchronized (this) {
                received.add(new Received(path, headers, body, status));
            }
        });
        Fault fault = nextFault(path);
        if (fault instanceof Hang h) {
            boolean released = false;
            try {
                released = h.release().await(HOLD_CAP_MINUTES, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!released) {
                synchronized (this) {
                    received.add(new Received(path, headers, body, 0));
                }
                return; // closes the connection without an answer
            }
            fault = null;
        }
        if (fault instanceof StallBody stall) {
            ex.sendResponseHeaders(200, 100);
            ex.getResponseBody().write("{\"receiv".getBytes(StandardCharsets.UTF_8));
            ex.getResponseBody().flush();
            try {
                stall.release().await(HOLD_CAP_MINUTES, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (this) {
                received.add(new Received(path, headers, body, 0));
            }
            return;
        }
        WebhookService service = WebhookService.of(path);
        if (fault instanceof RateLimited r) {
            service.rateLimited(ex, r.seconds());
        } else if (fault instanceof ServerError) {
            service.serverError(ex);
        } else if (fault instanceof Gone) {
            service.gone(ex);
        } else {
            service.ok(ex, messageIds);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
