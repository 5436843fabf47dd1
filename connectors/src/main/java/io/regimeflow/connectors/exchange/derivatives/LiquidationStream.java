package io.regimeflow.connectors.exchange.derivatives;

import io.regimeflow.connectors.exchange.http.ExchangeResponseException;
import io.regimeflow.connectors.exchange.websocket.ReconnectingWebSocket;
import io.regimeflow.connectors.exchange.websocket.SocketOwner;
import io.regimeflow.model.Liquidation;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;
import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The derivatives venue's liquidation feed: one websocket for the symbols of a reader (Binance's
 * combined stream {@code /stream?streams=btcusdt@forceOrder/...}, or a venue's public socket with
 * subscription messages and a keep-alive text, per {@link VenueApi}), kept up by a
 * {@link ReconnectingWebSocket} for as long as the reader lives. A venue that refuses the region
 * (HTTP 451 or 403 at the handshake) is said so once, plainly, and tried again hourly; a refused
 * subscription starts over, and one that names a symbol's topic drops that symbol. Liquidations
 * pushed while the connection was down are gone (the stream has no replay): the time spent down
 * is the {@code liquidationStreamDownMs} metric.
 */
@Internal
public final class LiquidationStream implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiquidationStream.class);

    /**
     * After this much silence the connection is asked whether it is alive; OKX hangs up after
     * 30 s without a message, so the probe comes sooner.
     */
    public static final long PROBE_AFTER_MS = 20_000L;

    private final VenueApi venue;
    private final URI baseUrl;
    /** The perpetuals asked for, by name; guarded by this. */
    private final Map<String, SpotPerpetual> symbols = new TreeMap<>();
    /** The same, sorted, replaced whole on a change: read by the socket's threads. */
    private volatile Map<String, SpotPerpetual> subscribed = Map.of();
    private final Queue<Liquidation> received = new ConcurrentLinkedQueue<>();
    private final Runnable onReceived;
    private final long probeAfterMs;
    private final Counter malformed;
    private final ReconnectingWebSocket socket;

    public LiquidationStream(VenueApi venue, URI baseUrl, Runnable onReceived, LongSupplier clock,
            long probeAfterMs, MetricGroup metrics) {
        this.venue = venue;
        this.baseUrl = baseUrl;
        this.onReceived = onReceived;
        this.probeAfterMs = probeAfterMs;
        this.malformed = metrics.counter("liquidationStreamMalformed");
        this.socket = new ReconnectingWebSocket("liquidation stream " + venue.id(),
                new Subscription(), clock, metrics, "liquidationStream", LOG, Math::random);
    }

    /**
     * Subscribes to the liquidations of a symbol's perpetual too (reconnecting with the new
     * list); they come out under the spot symbol, in its units.
     */
    public void add(SpotPerpetual perpetual) {
        synchronized (this) {
            symbols.put(perpetual.name(), perpetual);
            subscribed = Collections.unmodifiableMap(new TreeMap<>(symbols));
        }
        socket.reconnectNow("resubscribing");
    }

    /** Takes the liquidations received so far. */
    public Liquidation poll() {
        return received.poll();
    }

    /** Milliseconds the connection has been down in all, up to now. */
    public long downMs() {
        return socket.downMs();
    }

    public boolean connected() {
        return socket.connected();
    }

    @Override
    public void close() {
        socket.close();
    }

    /** What the socket asks for and what its messages mean: the venue's liquidations. */
    private final class Subscription implements SocketOwner {
        @Override
        public URI uri() {
            Map<String, SpotPerpetual> s = subscribed;
            return s.isEmpty() ? null : venue.liquidationUri(baseUrl, s.keySet());
        }

        @Override
        public List<String> openingMessages() {
            return venue.subscriptions(List.copyOf(subscribed.keySet()));
        }

        @Override
        public Verdict onMessage(String message) {
            boolean confirmed = false;
            try {
                String refused = venue.subscriptionError(message);
                if (refused != null) {
                    refused(refused, venue.refusedPerpetual(message));
                    return Verdict.REFUSED;
                }
                confirmed = venue.subscriptionConfirmed(message);
                List<Liquidation> ls = venue.liquidations(message, subscribed);
                if (!ls.isEmpty()) {
                    received.addAll(ls);
                    onReceived.run();
                }
            } catch (ExchangeResponseException e) {
                malformed.inc();
                LOG.warn("{}; message skipped: {}", e.getMessage(),
                        message.length() > 200 ? message.substring(0, 200) + "..." : message);
            }
            return confirmed ? Verdict.CONFIRMED : Verdict.NONE;
        }

        /**
         * A refused subscription (the socket starts over). A refusal that names one symbol's
         * topic drops that symbol, said once, and keeps the others.
         */
        private void refused(String why, String perpetual) {
            synchronized (LiquidationStream.this) {
                SpotPerpetual dropped = perpetual == null ? null : symbols.remove(perpetual);
                if (dropped != null) {
                    subscribed = Collections.unmodifiableMap(new TreeMap<>(symbols));
                    LOG.error("liquidation stream {}: the venue refuses the liquidations of {} "
                            + "({}: {}); that symbol goes on without them, the others keep "
                            + "theirs", venue.id(), dropped.symbol(), perpetual, why);
                } else {
                    LOG.error("liquidation stream {}: subscription refused ({}); reconnecting "
                            + "with backoff", venue.id(), why);
                }
            }
        }

        @Override
        public boolean regionRefused(int status, String body) {
            return venue.regionRefused(status, body);
        }

        @Override
        public void onRegionRefused(URI uri, int status) {
            LOG.error("derivatives venue {} ({}) refused the liquidation stream with HTTP {}: it "
                    + "does not serve this region. No liquidations (cascades stay empty); the "
                    + "spot analyses go on. {}.", venue.id(), uri.getHost(), status,
                    DerivativesVenue.switchAdvice(venue.id()));
        }

        @Override
        public long probeAfterMs() {
            return probeAfterMs;
        }

        @Override
        public String keepAliveText() {
            return venue.keepAlive();
        }

        @Override
        public long keepAliveMs() {
            return venue.keepAliveMs();
        }
    }
}
