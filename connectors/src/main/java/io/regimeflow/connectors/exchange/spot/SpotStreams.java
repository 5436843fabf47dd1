package io.regimeflow.connectors.exchange.spot;

import io.regimeflow.model.Symbols;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reader's live spot data over Binance.US's combined websocket streams (no request weight):
 * closed 1m klines ({@code <symbol>@kline_1m}) and partial books
 * ({@code <symbol>@depth20@1000ms}) of its symbols, at most {@link #MAX_STREAMS_PER_CONNECTION}
 * streams per connection (Binance's limit), each connection kept open by a reconnecting socket
 * (backoff, pings answered, reopened after Binance's 24 h cut). What a connection carried while
 * down is not replayed: the kline feeds repair those minutes by REST. When the exchange refuses
 * the streams (451/403/400 at the handshake, an error message) the run says so once (log line,
 * {@code spotStreamsRefused} = 1) and the feeds poll REST as before, until a connection carries
 * data again.
 */
@Internal
public final class SpotStreams implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SpotStreams.class);

    /**
     * Levels of the streams' partial book, the deepest Binance offers ({@code @depth20}); a run
     * that asks for deeper books ({@code depth-limit}) polls them by REST.
     */
    public static final int BOOK_LEVELS = 20;
    /** Binance's limit of streams on one connection. */
    public static final int MAX_STREAMS_PER_CONNECTION = 1024;
    /** Silence after which a connection is pinged (books come every second when it is up). */
    static final long PROBE_AFTER_MS = 20_000L;
    /** A connection down this long has its symbols' books polled by REST meanwhile. */
    public static final long BOOKS_BY_REST_AFTER_MS = 300_000L;

    private final URI baseUrl;
    private final LongSupplier clock;
    private final MetricGroup metrics;
    private final Runnable onKline;
    private final int maxStreams;
    private final List<SpotStreamConnection> connections = new ArrayList<>();
    private final Map<String, SymbolInbox> inboxes = new HashMap<>();
    private volatile boolean refused;
    private final AtomicBoolean refusalSaid = new AtomicBoolean();

    /**
     * @param baseUrl the spot websocket base URL, e.g. wss://stream.binance.us:9443
     * @param onKline called (on a socket thread) when a closed kline arrives
     */
    public SpotStreams(URI baseUrl, LongSupplier clock, MetricGroup metrics, Runnable onKline) {
        this(baseUrl, clock, metrics, onKline, MAX_STREAMS_PER_CONNECTION);
    }

    SpotStreams(URI baseUrl, LongSupplier clock, MetricGroup metrics, Runnable onKline,
            int maxStreams) {
        this.baseUrl = baseUrl;
        this.clock = clock;
        this.metrics = metrics;
        this.onKline = onKline;
        this.maxStreams = maxStreams;
        metrics.gauge("spotStreamsRefused", () -> refused ? 1 : 0);
    }

    /** The inbox of {@code symbol}'s closed klines ({@code BASE/QUOTE}), from {@link #connect}. */
    public synchronized SymbolInbox klines(String symbol) {
        return subscribe(symbol, "@kline_1m");
    }

    /** The inbox of {@code symbol}'s partial books (20 levels, every second). */
    public synchronized SymbolInbox books(String symbol) {
        return subscribe(symbol, "@depth" + BOOK_LEVELS + "@1000ms");
    }

    private SymbolInbox subscribe(String symbol, String suffix) {
        String exchange = Symbols.toExchangeSymbol(symbol).toLowerCase(Locale.ROOT);
        SymbolInbox in = inboxes.computeIfAbsent(symbol, s -> new SymbolInbox(this));
        // A symbol's streams stay on one connection: its books and klines are up or down together.
        SpotStreamConnection c = connectionOf(in);
        c.add(exchange + suffix, exchange, symbol, in);
        return in;
    }

    private SpotStreamConnection connectionOf(SymbolInbox in) {
        for (SpotStreamConnection c : connections) {
            if (c.carries(in) && c.size() < maxStreams) {
                return c;
            }
        }
        SpotStreamConnection last = connections.isEmpty() ? null
                : connections.get(connections.size() - 1);
        if (last == null || last.size() + 2 > maxStreams) {
            last = new SpotStreamConnection(this, baseUrl, clock, metrics.addGroup("spotStream",
                    Integer.toString(connections.size())), connections.size());
            connections.add(last);
        }
        return last;
    }

    /** Opens (again) the connections whose streams changed since. */
    public synchronized void connect() {
        connections.forEach(SpotStreamConnection::connectIfChanged);
    }

    /** How many connections carry the streams. */
    public synchronized int connections() {
        return connections.size();
    }

    /** Whether the exchange refuses the streams now. */
    public boolean refused() {
        return refused;
    }

    /** The exchange refused the streams: said once, until it takes them again. */
    void refusedBy(String what) {
        refused = true;
        if (refusalSaid.compareAndSet(false, true)) {
            LOG.error("Binance.US refuses the kline and book streams at {} ({}): live candles and "
                    + "books are polled by REST instead (as binance.live: rest), asking for the "
                    + "streams again with backoff", baseUrl, what);
        }
    }

    /** Data came on a connection: the streams are taken. */
    void accepted() {
        if (refused) {
            refused = false;
            refusalSaid.set(false);
            LOG.info("Binance.US takes the kline and book streams again at {}", baseUrl);
        }
    }

    void klineReceived() {
        onKline.run();
    }

    @Override
    public synchronized void close() {
        connections.forEach(SpotStreamConnection::close);
    }
}
