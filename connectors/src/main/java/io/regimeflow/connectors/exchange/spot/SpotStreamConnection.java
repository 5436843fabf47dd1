package io.regimeflow.connectors.exchange.spot;

import io.regimeflow.connectors.exchange.http.ExchangeResponseException;
import io.regimeflow.connectors.exchange.websocket.ReconnectingWebSocket;
import io.regimeflow.connectors.exchange.websocket.SocketOwner;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One combined-stream connection of {@link SpotStreams}: up to
 * {@link SpotStreams#MAX_STREAMS_PER_CONNECTION} streams named in its URL, kept open by a
 * {@link ReconnectingWebSocket}; each message goes to its symbol's {@link SymbolInbox}.
 */
final class SpotStreamConnection implements SocketOwner {
    private static final Logger LOG = LoggerFactory.getLogger(SpotStreams.class);

    private final SpotStreams hub;
    private final URI baseUrl;
    private final LongSupplier clock;
    /** Stream name to its symbol's inbox, in order of subscription; guarded by this. */
    private final Map<String, SymbolInbox> byStream = new LinkedHashMap<>();
    /** Lower-case exchange symbol to model symbol, model symbol to inbox: socket threads read. */
    private volatile Map<String, String> symbols = Map.of();
    private volatile Map<String, SymbolInbox> inboxes = Map.of();
    private volatile List<String> streams = List.of();
    private final Counter malformed;
    private final ReconnectingWebSocket socket;
    private boolean changed;
    /** When a message last came (or, before any, when it was created): how long it is down. */
    private volatile long lastHeard;
    /** Whether data came on the current connection (its first data confirms the streams). */
    private volatile boolean confirmed;

    SpotStreamConnection(SpotStreams hub, URI baseUrl, LongSupplier clock, MetricGroup metrics,
            int index) {
        this.hub = hub;
        this.baseUrl = baseUrl;
        this.clock = clock;
        this.malformed = metrics.counter("spotStreamMalformed");
        this.socket = new ReconnectingWebSocket("spot streams " + index, this, clock, metrics,
                "klineSocket", LOG, Math::random);
        this.lastHeard = clock.getAsLong();
    }

    /** Whether it carries a stream of the symbol of {@code in}. */
    synchronized boolean carries(SymbolInbox in) {
        return byStream.containsValue(in);
    }

    synchronized int size() {
        return byStream.size();
    }

    /** Adds a stream ({@code btcusdt@kline_1m}) of the symbol; carried from the next connect. */
    synchronized void add(String stream, String exchangeSymbol, String symbol, SymbolInbox in) {
        if (byStream.putIfAbsent(stream, in) == null) {
            changed = true;
            Map<String, String> s = new LinkedHashMap<>(symbols);
            s.put(exchangeSymbol, symbol);
            symbols = Map.copyOf(s);
            Map<String, SymbolInbox> i = new LinkedHashMap<>(inboxes);
            i.put(symbol, in);
            inboxes = Map.copyOf(i);
            streams = List.copyOf(byStream.keySet());
            in.carriedBy(this);
        }
    }

    /** Connects anew when streams were added since the last connect. */
    void connectIfChanged() {
        boolean again;
        synchronized (this) {
            again = changed;
            changed = false;
        }
        if (again) {
            socket.reconnectNow("subscribing " + streams.size() + " streams");
        }
    }

    boolean connected() {
        return socket.connected();
    }

    /** Whether it has been down (or never up) for longer than {@code ms}. */
    boolean downLongerThan(long ms) {
        return !socket.connected() && lastHeard + ms < clock.getAsLong();
    }

    void close() {
        socket.close();
    }

    /** Where to connect; called for every connection attempt, which data must confirm anew. */
    @Override
    public URI uri() {
        confirmed = false;
        List<String> s = streams;
        return s.isEmpty() ? null : URI.create(baseUrl.toString().replaceAll("/+$", "")
                + "/stream?streams=" + String.join("/", s));
    }

    @Override
    public List<String> openingMessages() {
        return List.of(); // the URL subscribes
    }

    @Override
    public Verdict onMessage(String message) {
        try {
            lastHeard = clock.getAsLong();
            SpotStreamMessage m = SpotStreamMessage.parse(message, symbols, lastHeard);
            if (m.error() != null) {
                hub.refusedBy("a subscription error: " + m.error());
                return Verdict.REFUSED;
            }
            SymbolInbox in = m.symbol() == null ? null : inboxes.get(m.symbol());
            if (in != null) {
                hub.accepted();
                if (m.candle() != null) {
                    in.received(m.candle());
                    hub.klineReceived();
                } else if (m.book() != null) {
                    in.received(m.book());
                }
                if (!confirmed) {
                    confirmed = true;
                    return Verdict.CONFIRMED;
                }
            }
        } catch (ExchangeResponseException e) {
            malformed.inc();
            LOG.warn("{}; message skipped: {}", e.getMessage(),
                    message.length() > 200 ? message.substring(0, 200) + "..." : message);
        }
        return Verdict.NONE;
    }

    @Override
    public boolean confirmedByData() {
        return true; // an error message may follow the open
    }

    @Override
    public boolean regionRefused(int status, String body) {
        // 451: a restricted region; 403: CloudFront's firewall; 400: streams it does not have.
        return status == 451 || status == 403 || status == 400;
    }

    @Override
    public void onRegionRefused(URI uri, int status) {
        hub.refusedBy("HTTP " + status + " at the handshake with " + uri.getHost());
    }

    @Override
    public long probeAfterMs() {
        return SpotStreams.PROBE_AFTER_MS;
    }
}
