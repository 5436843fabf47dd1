package io.regimeflow.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;

/**
 * How {@link FakeWebhookReceiver} sends an answer: each request still to be recorded is recorded,
 * with its status, just before its status line goes out, so that a client that has its answer
 * finds its request recorded.
 */
final class WebhookReplies {

    /**
     * What records each request in flight when its answer goes out, by exchange (not an exchange
     * attribute: the JDK server keeps those per context, shared by concurrent requests).
     */
    private static final Map<HttpExchange, IntConsumer> RECORDERS = new ConcurrentHashMap<>();

    private WebhookReplies() {}

    /** {@code recorder} is given the status of {@code ex}'s answer as it goes out. */
    static void recordWith(HttpExchange ex, IntConsumer recorder) {
        RECORDERS.put(ex, recorder);
    }

    /** {@code ex} is done: nothing more to record for it. */
    static void forget(HttpExchange ex) {
        RECORDERS.remove(ex);
    }

    /**
     * Answers with {@code body} (UTF-8; none when empty) of content type {@code type} (text ones
     * with their charset) and {@code headers}.
     *
     * @return {@code status}
     */
    static int answer(HttpExchange ex, int status, String type, String body,
            Map<String, String> headers) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type + (type.startsWith("text/")
                ? "; charset=utf-8" : ""));
        headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        sendHeaders(ex, status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
        return status;
    }

    /**
     * Records the request with its status (when it is one to record), then sends the status
     * line and headers; {@code length} as {@link HttpExchange#sendResponseHeaders} takes it.
     */
    static void sendHeaders(HttpExchange ex, int status, long length) throws IOException {
        IntConsumer recorder = RECORDERS.remove(ex);
        if (recorder != null) {
            recorder.accept(status);
        }
        ex.sendResponseHeaders(status, length);
    }
}
