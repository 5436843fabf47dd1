package io.regimeflow.dashboard;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.regimeflow.model.MarketJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queues messages and sends them from a background thread over one WebSocket to the hub,
 * reconnecting with backoff (0.5 s doubling to 30 s) when the hub is away.
 */
final class DashboardSinkWriter<T> implements SinkWriter<T> {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardSinkWriter.class);
    /** Waits between attempts to reach the hub: 0.5 s doubling to 30 s, for as long as it runs. */
    private static final RetryConfig RECONNECTS = RetryConfig.custom()
            .maxAttempts(Integer.MAX_VALUE)
            .intervalFunction(IntervalFunction.ofExponentialBackoff(Duration.ofMillis(500), 2.0,
                    Duration.ofSeconds(30)))
            .build();
    /** Well inside the hub's idle timeout (Jetty's 30 s). */
    static final long KEEP_ALIVE_MS = 10_000;

    private final URI ingestUrl;
    private final String token;
    private final HubMessageKind kind;
    private final int bufferSize;
    private final DashboardSink.Include<T> include;
    private final ArrayDeque<String> buffer = new ArrayDeque<>();
    private final List<String> greeting;
    /** A greeting connects at once, before any element: the hub should know it early. */
    private volatile boolean greetPending;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Thread sender;
    private volatile boolean closed;
    private volatile boolean connected;
    /** A ping this long after the last message keeps a quiet connection open. */
    private final long keepAliveMs;

    DashboardSinkWriter(URI ingestUrl, String token, HubMessageKind kind, int bufferSize,
            DashboardSink.Include<T> include, List<String> greeting,
            MetricGroup metrics) {
        this(ingestUrl, token, kind, bufferSize, include, greeting, metrics, KEEP_ALIVE_MS);
    }

    DashboardSinkWriter(URI ingestUrl, String token, HubMessageKind kind, int bufferSize,
            DashboardSink.Include<T> include, List<String> greeting,
            MetricGroup metrics, long keepAliveMs) {
        this.keepAliveMs = keepAliveMs;
        this.include = include;
        this.greeting = greeting;
        this.greetPending = !greeting.isEmpty();
        this.ingestUrl = ingestUrl;
        this.token = token;
        this.kind = kind;
        this.bufferSize = bufferSize;
        metrics.gauge("dashboardDropped", dropped::get);
        metrics.gauge("dashboardSent", sent::get);
        metrics.gauge("dashboardConnected", () -> connected ? 1 : 0);
        sender = new Thread(this::sendLoop, "dashboard-sink-" + kind.wireName());
        sender.setDaemon(true);
        sender.start();
    }

    @Override
    public void write(T element, Context context) {
        if (!include.test(element)) {
            return;
        }
        synchronized (buffer) {
            if (buffer.size() >= bufferSize) {
                buffer.pollFirst();
                long n = dropped.incrementAndGet();
                if (n == 1 || n % 1000 == 0) {
                    LOG.warn("dashboard hub at {} unreachable and {} {} messages waiting: "
                            + "dropped the oldest ({} so far); the database has them all",
                            ingestUrl, bufferSize, kind.wireName(), n);
                }
            }
            buffer.addLast(kind.message(MarketJson.mapper().valueToTree(element)));
            buffer.notifyAll();
        }
    }

    /** At the end of a bounded input, gives the hub up to 10 s to take what is queued. */
    @Override
    public void flush(boolean endOfInput) throws InterruptedException {
        if (!endOfInput) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        synchronized (buffer) {
            while (!buffer.isEmpty() && System.nanoTime() < deadline) {
                buffer.wait(100);
            }
        }
    }

    private void sendLoop() {
        Retry reconnects = Retry.of("dashboard sink " + kind.wireName(), RECONNECTS);
        Retry.AsyncContext<Object> attempts = reconnects.asyncContext();
        boolean unreachableSaid = false;
        WebSocket socket = null;
        long lastSent = System.nanoTime();
        while (!closed) {
            try {
                String next;
                synchronized (buffer) {
                    while (buffer.isEmpty() && !closed && !greetPending) {
                        buffer.wait(Math.min(1000, keepAliveMs));
                        if (socket != null && System.nanoTime() - lastSent
                                >= TimeUnit.MILLISECONDS.toNanos(keepAliveMs)) {
                            break;
                        }
                    }
                    next = buffer.peekFirst();
                }
                if (next == null && !greetPending) {
                    if (socket != null && !socket.isOutputClosed()) {
                        // Snapshots come hourly and events rarely: without traffic the hub
                        // would close the connection as idle, and a new one would follow.
                        socket.sendPing(ByteBuffer.allocate(0)).get(10, TimeUnit.SECONDS);
                        lastSent = System.nanoTime();
                    }
                    continue;
                }
                // Checked after the wait: the hub may have gone while the buffer was empty.
                if (socket == null || socket.isOutputClosed() || socket.isInputClosed()) {
                    socket = connect();
                    connected = true;
                    attempts.onComplete();
                    attempts = reconnects.asyncContext();
                    unreachableSaid = false;
                    LOG.info("dashboard sink ({}) connected to {}", kind.wireName(), ingestUrl);
                    // On every connection: a hub that restarted has forgotten it.
                    for (String g : greeting) {
                        socket.sendText(g, true).get(10, TimeUnit.SECONDS);
                    }
                    greetPending = false;
                }
                // Looked at again now: while connecting, the buffer may have dropped it.
                synchronized (buffer) {
                    next = buffer.peekFirst();
                }
                if (next == null) {
                    continue;
                }
                socket.sendText(next, true).get(10, TimeUnit.SECONDS);
                lastSent = System.nanoTime();
                sent.incrementAndGet();
                synchronized (buffer) {
                    if (buffer.peekFirst() == next) {
                        buffer.pollFirst();
                    }
                    buffer.notifyAll();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                if (connected) {
                    LOG.warn("dashboard sink ({}) lost the hub at {}: {}; reconnecting",
                            kind.wireName(), ingestUrl, e.toString());
                } else if (!unreachableSaid) {
                    unreachableSaid = true;
                    LOG.warn("dashboard sink ({}) cannot reach the hub at {}: {}; retrying with "
                            + "backoff, buffering up to {} messages", kind.wireName(), ingestUrl,
                            e, bufferSize);
                }
                connected = false;
                if (socket != null) {
                    socket.abort();
                    socket = null;
                }
                try {
                    Thread.sleep(attempts.onError(e));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (socket != null) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "job stopping");
        }
    }

    private WebSocket connect() throws Exception {
        WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        CompletableFuture<WebSocket> f = b.buildAsync(ingestUrl, new WebSocket.Listener() {});
        return f.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        synchronized (buffer) {
            buffer.notifyAll();
        }
        sender.interrupt();
        sender.join(5000);
    }
}
