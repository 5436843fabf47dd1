package io.regimeflow.connectors.exchange.derivatives;

import io.regimeflow.connectors.exchange.http.ExchangeResponseException;
import io.regimeflow.connectors.exchange.http.RetryPolicy;
import io.regimeflow.model.Liquidation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The derivatives venue's liquidation feed: one websocket for the symbols of a reader (Binance's
 * combined stream {@code /stream?streams=btcusdt@forceOrder/...}, or a venue's public socket with
 * subscription messages and a keep-alive text, per {@link VenueApi}). The connection is kept up
 * for as long as the reader lives: it is opened again with backoff after every close (Binance
 * closes connections after 24 hours), error, or a connection that no longer answers: a silent one
 * is pinged, and one that answers two pings with nothing is taken for dead (see
 * {@link #PROBE_AFTER_MS}); the venue's pings are answered. A venue that refuses the region (HTTP 451 or 403 at the handshake)
 * is said so once, plainly, and tried again hourly. Liquidations pushed while the connection
 * was down are gone (the stream has no replay): the time spent down is added up in the
 * {@code liquidationStreamDownMs} metric and logged when the connection is back.
 */
@Internal
public final class LiquidationStream implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiquidationStream.class);

    /**
     * After this much silence the connection is asked whether it is alive (a websocket ping,
     * which every venue answers with a pong); two asked in vain and it is taken for dead. A
     * connection cut without a close (a network failure, a half-open socket) is otherwise never
     * noticed: the JDK client may get no close and no error, and Binance's own pings come only
     * every 3 minutes. OKX hangs up after 30 s without a message, so the probe comes sooner.
     */
    public static final long PROBE_AFTER_MS = 20_000L;
    /** Probes unanswered before the connection is taken for dead. */
    static final int PROBES_UNANSWERED_LIMIT = 2;
    private static final byte[] PING = "regimeflow".getBytes(StandardCharsets.US_ASCII);
    private static final long BACKOFF_BASE_MS = 1_000;
    private static final long BACKOFF_CAP_MS = 60_000;

    private final VenueApi venue;
    private final URI baseUrl;
    /** The perpetuals asked for, by name. */
    private final Map<String, SpotPerpetual> symbols = new TreeMap<>();
    private final Queue<Liquidation> received = new ConcurrentLinkedQueue<>();
    private final Runnable onReceived;
    private final LongSupplier clock;
    private final long probeAfterMs;
    private final HttpClient client;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong downMs = new AtomicLong();
    private final Counter reconnects;
    private final Counter malformed;
    private volatile WebSocket socket;
    private volatile boolean connected;
    private volatile boolean closed;
    private volatile long downSince;
    private volatile long lastHeard;
    /** Probes sent since anything was last heard; and when the last one went. */
    private final AtomicInteger probesUnanswered = new AtomicInteger();
    private volatile long lastProbe;
    private int attempts;
    /** Each connection attempt has its own: callbacks of an older one are ignored. */
    private volatile long generation;
    /** The perpetuals by name, replaced whole on a change: read by socket threads. */
    private volatile Map<String, SpotPerpetual> subscribed = Map.of();
    private boolean regionWarned;
    private final Object sendLock = new Object();

    public LiquidationStream(VenueApi venue, URI baseUrl, Runnable onReceived, LongSupplier clock,
            long probeAfterMs, MetricGroup metrics) {
        this.venue = venue;
        this.baseUrl = baseUrl;
        this.onReceived = onReceived;
        this.clock = clock;
        this.probeAfterMs = probeAfterMs;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, venue.id() + "-liquidations");
            t.setDaemon(true);
            return t;
        });
        this.downSince = clock.getAsLong();
        reconnects = metrics.counter("liquidationStreamReconnects");
        malformed = metrics.counter("liquidationStreamMalformed");
        metrics.gauge("liquidationStreamConnected", () -> connected ? 1 : 0);
        metrics.gauge("liquidationStreamDownMs", () -> downMs.get()
                + (connected || closed ? 0 : clock.getAsLong() - downSince));
        long check = Math.max(10, Math.min(1_000, probeAfterMs / 4));
        scheduler.scheduleWithFixedDelay(this::checkAlive, check, check, TimeUnit.MILLISECONDS);
        if (venue.keepAlive() != null) {
            scheduler.scheduleWithFixedDelay(this::keepAlive, venue.keepAliveMs(),
                    venue.keepAliveMs(), TimeUnit.MILLISECONDS);
        }
    }

    /** The venue's keep-alive text (Bybit's ping op, OKX's "ping"); without it they hang up. */
    private void keepAlive() {
        WebSocket ws = socket;
        if (connected && ws != null) {
            send(ws, venue.keepAlive());
        }
    }

    /**
     * Sends one text message and waits for it to go out: a websocket takes one text at a time
     * (a second while one is pending fails), and subscriptions and keep-alives come from
     * different threads. A failed keep-alive is left to the silence check; a failed
     * subscription starts the connection over.
     */
    private boolean send(WebSocket ws, String text) {
        synchronized (sendLock) {
            try {
                ws.sendText(text, true).get(10, TimeUnit.SECONDS);
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException
                    | java.util.concurrent.TimeoutException e) {
                LOG.warn("liquidation stream {}: could not send '{}' ({})", venue.id(), text,
                        e.toString());
            }
            return false;
        }
    }

    /**
     * Subscribes to the liquidations of a symbol's perpetual too (reconnecting with the new
     * list); they come out under the spot symbol, in its units.
     */
    public synchronized void add(SpotPerpetual perpetual) {
        symbols.put(perpetual.name(), perpetual);
        subscribed = Map.copyOf(symbols);
        restart();
    }

    /** Takes the liquidations received so far. */
    public Liquidation poll() {
        return received.poll();
    }

    /** Milliseconds the connection has been down in all, up to now. */
    public long downMs() {
        return downMs.get() + (connected || closed ? 0 : clock.getAsLong() - downSince);
    }

    public boolean connected() {
        return connected;
    }

    private synchronized void restart() {
        WebSocket old = socket;
        socket = null;
        generation++;
        if (old != null) {
            old.abort();
            markDown("resubscribing");
        }
        connect(generation);
    }

    private synchronized void connect(long gen) {
        if (closed || gen != generation || symbols.isEmpty()) {
            return;
        }
        URI uri = venue.liquidationUri(baseUrl, symbols.keySet());
        List<String> subscriptions = venue.subscriptions(List.copyOf(symbols.keySet()));
        client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, new Session(gen, subscriptions.isEmpty()))
                .whenComplete((ws, error) -> {
                    if (error != null) {
                        int status = regionRefusal(error);
                        if (status != 0) {
                            regionRefused(gen, uri, status);
                        } else {
                            LOG.warn("liquidation stream {}: cannot connect ({})", uri.getHost(),
                                    error.getMessage());
                            retryLater(gen);
                        }
                    } else {
                        synchronized (this) {
                            if (gen == generation && !closed) {
                                socket = ws;
                                regionWarned = false;
                            } else {
                                ws.abort();
                                return;
                            }
                        }
                        for (String message : subscriptions) {
                            if (!send(ws, message)) {
                                ws.abort();
                                markDown("subscription not sent");
                                retryLater(gen);
                                return;
                            }
                        }
                    }
                });
    }

    /**
     * The HTTP status of a handshake the venue refused for the region, or 0: a 451, or a 403
     * whose body says so (a 403 without a body is taken as one too: hourly beats a storm).
     */
    private int regionRefusal(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof java.net.http.WebSocketHandshakeException h) {
                int status = h.getResponse().statusCode();
                Object body = h.getResponse().body();
                String text = body == null ? "" : body instanceof byte[] b
                        ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : body.toString();
                boolean refused = (status == 403 && text.isBlank())
                        || venue.regionRefused(status, text);
                return refused ? status : 0;
            }
        }
        return 0;
    }

    private synchronized void regionRefused(long gen, URI uri, int status) {
        if (closed || gen != generation) {
            return;
        }
        if (!regionWarned) {
            regionWarned = true;
            LOG.error("derivatives venue {} ({}) refused the liquidation stream with HTTP {}: it "
                    + "does not serve this region. No liquidations (cascades stay empty); the "
                    + "spot analyses go on. {}.", venue.id(), uri.getHost(), status,
                    DerivativesVenue.switchAdvice(venue.id()));
        }
        reconnectLater(gen, RetryPolicy.REGION_RETRY_MS);
    }

    private synchronized void retryLater(long gen) {
        if (closed || gen != generation) {
            return;
        }
        attempts++;
        long ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS << Math.min(attempts - 1, 16));
        reconnectLater(gen, ceiling / 2 + (long) (Math.random() * ceiling / 2));
    }

    /**
     * Schedules the next attempt under a new generation, so that whatever else still reports on
     * the old one (a close after an abort, a second error) cannot open a second socket.
     */
    private synchronized void reconnectLater(long gen, long delayMs) {
        if (closed || gen != generation) {
            return;
        }
        long next = ++generation;
        reconnects.inc();
        scheduler.schedule(() -> connect(next), delayMs, TimeUnit.MILLISECONDS);
    }

    private synchronized void markDown(String why) {
        if (connected) {
            connected = false;
            downSince = clock.getAsLong();
            LOG.warn("liquidation stream down ({}); liquidations until it is back are lost", why);
        }
    }

    /**
     * Asks a silent connection whether it is alive, and ends one that does not answer: after
     * {@link #PROBES_UNANSWERED_LIMIT} probes without a word (no pong, no message), or a probe
     * that cannot even be sent, the socket is aborted, the stream marked down and reconnected.
     */
    private void checkAlive() {
        WebSocket ws;
        long gen;
        synchronized (this) {
            ws = socket;
            gen = generation;
        }
        long now = clock.getAsLong();
        if (!connected || ws == null || now - lastHeard < probeAfterMs
                || now - lastProbe < probeAfterMs) {
            return;
        }
        if (probesUnanswered.get() >= PROBES_UNANSWERED_LIMIT) {
            dead(ws, gen, "no answer to " + probesUnanswered.get() + " keep-alive pings in "
                    + (now - lastHeard) + " ms");
            return;
        }
        probesUnanswered.incrementAndGet();
        lastProbe = now;
        ws.sendPing(ByteBuffer.wrap(PING)).whenComplete((sent, error) -> {
            if (error != null) {
                dead(ws, gen, "keep-alive ping not sent: " + error);
            }
        });
    }

    /** Ends connection {@code gen}, unless it has been replaced (or is being) meanwhile. */
    private void dead(WebSocket ws, long gen, String why) {
        synchronized (this) {
            if (ws != socket || gen != generation) {
                return;
            }
        }
        LOG.warn("liquidation stream {}: {}; reconnecting", venue.id(), why);
        ws.abort();
        markDown(why);
        retryLater(gen);
    }

    /** Anything from the venue on the current connection: it is alive. */
    private void heard() {
        lastHeard = clock.getAsLong();
        probesUnanswered.set(0);
    }

    /** The listener of one connection; callbacks of a replaced connection are ignored. */
    private final class Session implements WebSocket.Listener {
        private final long gen;
        /** Subscribed by the URL itself: the open handshake is the confirmation. */
        private final boolean confirmedByOpen;
        private final StringBuilder partial = new StringBuilder();

        Session(long gen, boolean confirmedByOpen) {
            this.gen = gen;
            this.confirmedByOpen = confirmedByOpen;
        }

        private boolean current() {
            return gen == generation && !closed;
        }

        @Override
        public void onOpen(WebSocket ws) {
            synchronized (LiquidationStream.this) {
                if (current()) {
                    long now = clock.getAsLong();
                    if (!connected) {
                        long down = now - downSince;
                        downMs.addAndGet(down);
                        LOG.info("liquidation stream connected to {} ({}) for {} symbols (was "
                                + "down {} ms)", venue.id(), baseUrl.getHost(), symbols.size(),
                                down);
                    }
                    connected = true;
                    heard();
                    lastProbe = 0;
                    if (confirmedByOpen) {
                        attempts = 0;
                    }
                }
            }
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            if (current()) {
                heard();
            }
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                if (current()) {
                    try {
                        String refused = venue.subscriptionError(message);
                        if (refused != null) {
                            refused(ws, refused, venue.refusedPerpetual(message));
                            return null;
                        }
                        if (venue.subscriptionConfirmed(message)) {
                            synchronized (LiquidationStream.this) {
                                attempts = 0; // the backoff grows until a subscription holds
                            }
                        }
                        List<Liquidation> ls = venue.liquidations(message, subscribed);
                        if (!ls.isEmpty()) {
                            received.addAll(ls);
                            onReceived.run();
                        }
                    } catch (ExchangeResponseException e) {
                        malformed.inc();
                        LOG.warn("{}; message skipped: {}", e.getMessage(),
                                message.length() > 200 ? message.substring(0, 200) + "..."
                                        : message);
                    }
                }
            }
            ws.request(1);
            return null;
        }

        /**
         * A refused subscription. Without it the socket would look healthy (the keep-alive
         * answers) and carry nothing, so it starts over, with a backoff that keeps growing
         * until a subscription is confirmed (venues limit connections per IP). A refusal that
         * names one symbol's topic drops that symbol, said once, and keeps the others.
         */
        private void refused(WebSocket ws, String why, String perpetual) {
            synchronized (LiquidationStream.this) {
                SpotPerpetual dropped = perpetual == null ? null : symbols.remove(perpetual);
                String symbol = dropped == null ? null : dropped.symbol();
                if (symbol != null) {
                    subscribed = Map.copyOf(symbols);
                    LOG.error("liquidation stream {}: the venue refuses the liquidations of {} "
                            + "({}: {}); that symbol goes on without them, the others keep "
                            + "theirs", venue.id(), symbol, perpetual, why);
                } else {
                    LOG.error("liquidation stream {}: subscription refused ({}); reconnecting "
                            + "with backoff", venue.id(), why);
                }
            }
            ws.abort();
            markDown("subscription refused");
            retryLater(gen);
        }

        @Override
        public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
            if (current()) {
                heard();
            }
            ws.request(1);
            return null; // the client answers with a pong by itself
        }

        @Override
        public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
            if (current()) {
                heard();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            if (current()) {
                markDown("closed by the server: " + statusCode + " " + reason);
                retryLater(gen);
            }
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            if (current()) {
                markDown("error: " + error);
                retryLater(gen);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
        scheduler.shutdownNow();
    }
}
