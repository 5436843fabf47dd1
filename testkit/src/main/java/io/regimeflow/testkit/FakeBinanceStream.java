package io.regimeflow.testkit;

import io.regimeflow.model.Candle;
import io.regimeflow.model.Liquidation;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A fake derivatives websocket host on 127.0.0.1, speaking RFC 6455 as the venues do. Binance
 * USD-M ({@code fstream.binance.com}): a combined stream {@code /stream?streams=a@forceOrder/...}
 * whose messages are {@code {"stream":..., "data":{"e":"forceOrder",...}}}. Bybit
 * ({@code stream.bybit.com/v5/public/linear}): {@code {"op":"subscribe","args":
 * ["allLiquidation.BTCUSDT"]}} answered with {@code {"success":true,...}}, {@code {"op":"ping"}}
 * with a pong message, pushes {@code {"topic":"allLiquidation.BTCUSDT","data":[{"T":..,"s":..,
 * "S":"Buy",...}]}} whose side is the liquidated position's. OKX ({@code /ws/v5/public}): the
 * {@code liquidation-orders} channel of all swaps, text {@code ping}/{@code pong}, sizes in
 * contracts. Also: pings the client must answer, a close frame when the server ends a session, a
 * connection that simply drops, or a handshake refused with an HTTP status (451).
 */
public final class FakeBinanceStream implements AutoCloseable {

    /** Whose wire format to speak. */
    public enum Venue {
        BINANCE,
        BYBIT,
        OKX
    }

    private final Venue venue;
    private final StreamSubscriptions subscriptions;
    private final WebSocketHost host;

    public FakeBinanceStream() throws IOException {
        this(Venue.BINANCE);
    }

    public FakeBinanceStream(Venue venue) throws IOException {
        this.venue = venue;
        this.subscriptions = new StreamSubscriptions(venue);
        this.host = new WebSocketHost(venue, subscriptions);
    }

    public URI baseUrl() {
        return host.baseUrl();
    }

    /** Connections accepted since the start. */
    public int connectionsOpened() {
        return host.opened();
    }

    /** Connections open now. */
    public int connections() {
        return host.clients().size();
    }

    /** Connections open now. */
    public int openConnections() {
        return host.clients().size();
    }

    /**
     * Waits until {@code n} connections have been opened since the start and one is open now.
     *
     * @throws AssertionError when {@code deadline} passes first, saying how many were seen
     */
    public void awaitConnectionsOpened(int n, Duration deadline) throws Exception {
        Await.until("connection " + n + " opened and open now", deadline,
                () -> host.opened() >= n && !host.clients().isEmpty(),
                () -> host.opened() + " opened, " + host.clients().size() + " open now, "
                        + host.refused() + " handshakes refused");
    }

    /** Refuses every handshake from now on with this HTTP status (451: a restricted region). */
    public void refuseHandshakes(int status) {
        host.refuseHandshakes(status);
    }

    /** From now on subscriptions are refused, as a venue refuses an unknown topic. */
    public void refuseSubscriptions() {
        subscriptions.refuseAll();
    }

    /**
     * A subscribe request that holds {@code topic} (e.g. {@code allLiquidation.NOPEUSDT}) is
     * refused, naming it, as Bybit refuses a topic it does not have; the others are taken.
     */
    public void refuseTopic(String topic) {
        subscriptions.refuseTopic(topic);
    }

    /**
     * From now on a combined-stream URL holding {@code stream} is refused with 400 at the
     * handshake, as Binance refuses a stream it does not have.
     */
    public void invalidStream(String stream) {
        host.invalidStream(stream);
    }

    /**
     * Sends Binance's answer to a bad request on the stream connection to every open connection,
     * e.g. {@code {"error":{"code":2,"msg":"Invalid request: unknown variable"},"id":1}}
     * (https://docs.binance.us/#websocket-streams, error messages).
     *
     * @return the connections it was sent to
     */
    public int sendError(int code, String msg, int id) throws IOException {
        String text = SpotStreamMessages.error(code, msg, id);
        int sent = 0;
        for (WebSocketConnection c : host.clients()) {
            c.send(WebSocketConnection.TEXT, text.getBytes(StandardCharsets.UTF_8));
            sent++;
        }
        return sent;
    }

    /** Handshakes refused so far. */
    public int refusedHandshakes() {
        return host.refused();
    }

    /** Keep-alive messages received from clients (Bybit's ping op, OKX's "ping"). */
    public int keepAlives() {
        return subscriptions.keepAlives();
    }

    /** Whether some client has subscribed to {@code stream} (a topic or channel). */
    public boolean subscribed(String stream) {
        return host.clients().stream().anyMatch(c -> c.streams().contains(stream));
    }

    /**
     * Pushes a liquidation, given in the spot pair's units (price per coin, quantity in coins),
     * in this venue's format and units to every client subscribed to its perpetual (named as the
     * venue names it, {@link VenueListings}: {@code 1000SHIBUSDT}'s prices are per 1000 SHIB).
     * The model's side is the forced order's (SELL liquidates a long).
     *
     * @return the clients it was sent to
     */
    public int push(Liquidation l) throws IOException {
        return send(LiquidationMessages.inVenueUnits(venue, l));
    }

    /**
     * Pushes a liquidation of the venue's perpetual {@code perpetual} with {@code l}'s numbers
     * as the venue writes them: its price per unit of the perpetual's base, its quantity in the
     * venue's units (contracts on OKX); {@code l}'s symbol is not used.
     *
     * @return the clients it was sent to
     */
    public int pushAs(String perpetual, Liquidation l) throws IOException {
        return send(LiquidationMessages.of(venue, perpetual, l));
    }

    private int send(LiquidationMessages.Message m) throws IOException {
        return sendText(m.stream(), m.text());
    }

    /**
     * Publishes Binance.US's spot streams of a minute that has just closed: the closed kline of
     * {@code openTime} of each symbol of {@code rest} ({@code BASE/QUOTE}) to its
     * {@code @kline_1m} subscribers, and the book REST would answer now to its
     * {@code @depth20@1000ms} subscribers.
     *
     * @return the messages sent
     */
    public int publishMinute(FakeBinance rest, List<String> symbols, long openTime)
            throws IOException {
        int sent = 0;
        for (String symbol : symbols) {
            Candle c = rest.candle(symbol, openTime);
            if (c != null) {
                sent += sendText(SpotStreamMessages.stream(symbol, "@kline_1m"),
                        SpotStreamMessages.kline(c, true, c.closeTime() + 1));
            }
            String bookStream = SpotStreamMessages.stream(symbol, "@depth20@1000ms");
            if (subscribed(bookStream)) {
                sent += sendText(bookStream, SpotStreamMessages.book(symbol,
                        rest.depthAnswer(symbol, 20)));
            }
        }
        return sent;
    }

    /** The streams the connections open now carry, one set per connection. */
    public List<Set<String>> connectionStreams() {
        return host.clients().stream().map(WebSocketConnection::streams).toList();
    }

    /** Sends a raw text message to the subscribers of {@code stream}; how many got it. */
    public int sendText(String stream, String text) throws IOException {
        int sent = 0;
        for (WebSocketConnection c : host.clients()) {
            if (c.streams().contains(stream) && !c.silenced()) {
                c.send(WebSocketConnection.TEXT, text.getBytes(StandardCharsets.UTF_8));
                sent++;
            }
        }
        return sent;
    }

    /**
     * Pings every client; true when each answered with a pong carrying the same payload, false
     * when a pong is wrong or does not come within {@code timeout} (each).
     */
    public boolean pingAndAwaitPongs(String payload, Duration timeout) throws Exception {
        int n = 0;
        for (WebSocketConnection c : host.clients()) {
            c.send(WebSocketConnection.PING, payload.getBytes(StandardCharsets.UTF_8));
            n++;
        }
        for (int i = 0; i < n; i++) {
            String pong = host.nextPong(timeout);
            if (!payload.equals(pong)) {
                return false;
            }
        }
        return n > 0;
    }

    /** Ends every session with a close frame (1001, going away), as Binance does after 24 h. */
    public void closeSessions() throws IOException {
        for (WebSocketConnection c : host.clients()) {
            byte[] reason = "session expired".getBytes(StandardCharsets.UTF_8);
            byte[] payload = new byte[reason.length + 2];
            payload[0] = (byte) (1001 >> 8);
            payload[1] = (byte) (1001 & 0xff);
            System.arraycopy(reason, 0, payload, 2, reason.length);
            c.send(WebSocketConnection.CLOSE, payload);
        }
    }

    /**
     * From now on the open connections answer nothing, neither pongs nor keep-alives, and stay
     * open: a half-open socket, as a client sees one when the network in between fails. New
     * connections answer as usual.
     */
    public void stopAnswering() {
        host.clients().forEach(WebSocketConnection::silence);
    }

    /** Drops every connection without a close frame (a network failure). */
    public void dropConnections() {
        host.dropAll();
    }

    @Override
    public void close() throws IOException {
        host.close();
    }
}
