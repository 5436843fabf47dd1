package io.regimeflow.connectors.exchange.websocket;

import io.regimeflow.connectors.exchange.http.RetryPolicy;
import io.regimeflow.connectors.resilience.Backoffs;
import io.regimeflow.connectors.resilience.FailureStreak;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;

/**
 * A websocket kept open for as long as its owner lives: opened again with backoff after every
 * close (Binance closes connections after 24 hours), error, refused subscription, or silence
 * ({@link SilenceWatch}); hourly where the venue refuses the region. The venue's pings are
 * answered, a keep-alive text sent where it wants one, the time spent down added up in
 * {@code <prefix>DownMs} and logged when the connection is back. What is asked for and what the
 * messages mean is its {@link SocketOwner}'s; its lines are logged under the owner's logger.
 */
@Internal
public final class ReconnectingWebSocket implements AutoCloseable {

    private final String name;
    private final SocketOwner owner;
    private final Logger log;
    private final LongSupplier clock;
    private final HttpClient client;
    private final ScheduledExecutorService scheduler;
    private final Counter reconnects;
    private final SilenceWatch silence;
    private final Uptime uptime;
    private final TextSender sender;
    private volatile WebSocket socket;
    private volatile boolean closed;
    /** Each connection attempt has its own: callbacks of an older one are ignored. */
    private volatile long generation;
    /**
     * Failed attempts in a row, until a subscription holds: 0.5-1 s, doubling up to 30-60 s (half
     * of it random, so that many readers do not come back at once).
     */
    private final FailureStreak attempts;
    private boolean regionWarned;

    /**
     * Starts the liveness checks; the first connection is opened by {@link #reconnectNow}.
     *
     * @param name the connection in log lines and its thread's name: "liquidation stream bybit"
     * @param metricPrefix its metrics are {@code <prefix>Reconnects}, {@code <prefix>Connected}
     *     and {@code <prefix>DownMs}
     * @param log the owner's logger
     * @param random the backoff's jitter, values in [0, 1)
     */
    public ReconnectingWebSocket(String name, SocketOwner owner, LongSupplier clock,
            MetricGroup metrics, String metricPrefix, Logger log, DoubleSupplier random) {
        this.name = name;
        this.attempts = new FailureStreak(name, Backoffs.halfJitter(Duration.ofSeconds(1),
                Duration.ofSeconds(60), random), e -> true);
        this.owner = owner;
        this.log = log;
        this.sender = new TextSender(name, log);
        this.clock = clock;
        this.silence = new SilenceWatch(owner.probeAfterMs());
        this.uptime = new Uptime(clock);
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name.replace(' ', '-'));
            t.setDaemon(true);
            return t;
        });
        reconnects = metrics.counter(metricPrefix + "Reconnects");
        metrics.gauge(metricPrefix + "Connected", () -> uptime.connected() ? 1 : 0);
        metrics.gauge(metricPrefix + "DownMs", uptime::downMs);
        long check = silence.checkEveryMs();
        scheduler.scheduleWithFixedDelay(this::checkAlive, check, check, TimeUnit.MILLISECONDS);
        if (owner.keepAliveText() != null) {
            scheduler.scheduleWithFixedDelay(() -> keepAlive(owner.keepAliveText()),
                    owner.keepAliveMs(), owner.keepAliveMs(), TimeUnit.MILLISECONDS);
        }
    }

    /** Milliseconds the connection has been down in all, up to now. */
    public long downMs() {
        return uptime.downMs();
    }

    public boolean connected() {
        return uptime.connected();
    }

    /** Connects anew (what is asked for has changed), closing the current connection if any. */
    public synchronized void reconnectNow(String why) {
        WebSocket old = socket;
        socket = null;
        generation++;
        if (old != null) {
            old.abort();
            markDown(why);
        }
        connect(generation);
    }

    private void keepAlive(String text) {
        WebSocket ws = socket;
        if (uptime.connected() && ws != null) {
            send(ws, text);
        }
    }

    /**
     * A failed keep-alive is left to the silence check; a failed subscription starts the
     * connection over.
     */
    private boolean send(WebSocket ws, String text) {
        return sender.send(ws, text);
    }

    private synchronized void connect(long gen) {
        URI uri = current(gen) ? owner.uri() : null;
        if (uri == null) {
            return;
        }
        List<String> opening = owner.openingMessages();
        client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, new SocketSession(this, gen, uri,
                        opening.isEmpty() && !owner.confirmedByData()))
                .whenComplete((ws, error) -> {
                    if (error != null) {
                        connectFailed(gen, uri, error);
                        return;
                    }
                    synchronized (this) {
                        if (gen != generation || closed) {
                            ws.abort();
                            return;
                        }
                        socket = ws;
                        regionWarned = false;
                    }
                    for (String message : opening) {
                        if (!send(ws, message)) {
                            ws.abort();
                            markDown("subscription not sent");
                            retryLater(gen);
                            return;
                        }
                    }
                });
    }

    /** Not opened: asked again with backoff, or hourly where the venue refuses the region. */
    private synchronized void connectFailed(long gen, URI uri, Throwable error) {
        if (!current(gen)) {
            return;
        }
        int status = SocketSession.regionRefusal(error, owner);
        if (status == 0) {
            log.warn("{}: cannot connect to {} ({})", name, uri.getHost(), error.getMessage());
            reconnectLater(gen, attempts.onFailure(error));
            return;
        }
        if (!regionWarned) {
            regionWarned = true;
            owner.onRegionRefused(uri, status);
        }
        reconnectLater(gen, RetryPolicy.REGION_RETRY_MS);
    }

    synchronized void retryLater(long gen) {
        if (current(gen)) {
            reconnectLater(gen, attempts.onFailure());
        }
    }

    /**
     * Schedules the next attempt under a new generation, so that whatever else still reports on
     * the old one (a close after an abort, a second error) cannot open a second socket.
     */
    private synchronized void reconnectLater(long gen, long delayMs) {
        if (!current(gen)) {
            return;
        }
        long next = ++generation;
        reconnects.inc();
        scheduler.schedule(() -> connect(next), delayMs, TimeUnit.MILLISECONDS);
    }

    synchronized void markDown(String why) {
        if (uptime.down()) {
            log.warn("{} down ({}); what it carries until it is back is lost", name, why);
        }
    }

    /** Probes a silent connection; one taken for dead is aborted and opened again. */
    private void checkAlive() {
        WebSocket ws;
        long gen;
        synchronized (this) {
            ws = socket;
            gen = generation;
        }
        if (uptime.connected() && ws != null) {
            silence.check(ws, clock.getAsLong(), why -> dead(ws, gen, why));
        }
    }

    /** Ends connection {@code gen}, unless it has been replaced (or is being) meanwhile. */
    private void dead(WebSocket ws, long gen, String why) {
        synchronized (this) {
            if (ws != socket || gen != generation) {
                return;
            }
        }
        log.warn("{}: {}; reconnecting", name, why);
        ws.abort();
        markDown(why);
        retryLater(gen);
    }

    /** Whether {@code gen} is the connection of now, and the socket not closed. */
    boolean current(long gen) {
        return gen == generation && !closed;
    }

    /** Connection {@code gen} is open. */
    synchronized void opened(long gen, URI uri, boolean confirmedByOpen) {
        if (!current(gen)) {
            return;
        }
        long down = uptime.up();
        if (down >= 0) {
            log.info("{} connected to {} (was down {} ms)", name, uri.getHost(), down);
        }
        silence.opened(clock.getAsLong());
        if (confirmedByOpen) {
            attempts.onSuccess();
        }
    }

    /** Anything from the venue on connection {@code gen}: it is alive. */
    void heard(long gen) {
        if (current(gen)) {
            silence.heard(clock.getAsLong());
        }
    }

    /** A whole message on connection {@code gen}; false when the connection was ended for it. */
    boolean message(long gen, WebSocket ws, String message) {
        if (!current(gen)) {
            return true;
        }
        SocketOwner.Verdict verdict = owner.onMessage(message);
        if (verdict == SocketOwner.Verdict.REFUSED) {
            // Without a new start the socket would look healthy (the keep-alive is answered) and
            // carry nothing; venues limit connections per IP, so the backoff keeps growing until
            // a subscription is confirmed.
            ws.abort();
            markDown("subscription refused");
            retryLater(gen);
            return false;
        }
        if (verdict == SocketOwner.Verdict.CONFIRMED) {
            synchronized (this) {
                attempts.onSuccess();
            }
        }
        return true;
    }

    /** Connection {@code gen} closed or failed: down, and opened again with backoff. */
    void lost(long gen, String why) {
        if (current(gen)) {
            markDown(why);
            retryLater(gen);
        }
    }

    @Override
    public void close() {
        closed = true;
        uptime.end();
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
        scheduler.shutdownNow();
    }
}
