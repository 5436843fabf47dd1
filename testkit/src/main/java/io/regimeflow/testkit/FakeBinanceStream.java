package io.regimeflow.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.regimeflow.model.Liquidation;
import io.regimeflow.model.OrderSide;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** Whose wire format to speak. */
    public enum Venue {
        BINANCE,
        BYBIT,
        OKX
    }

    private final Venue venue;
    private final AtomicInteger keepAlives = new AtomicInteger();
    private volatile int refuseStatus;
    private volatile boolean refuseSubscriptions;
    private final Set<String> refusedTopics = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refused = new AtomicInteger();

    /** One client connection and the streams it asked for. */
    private static final class Client {
        final Socket socket;
        final Set<String> streams;
        final OutputStream out;
        /** Set by {@link #stopAnswering}: this connection answers and delivers nothing more. */
        volatile boolean silenced;

        Client(Socket socket, Set<String> streams) throws IOException {
            this.socket = socket;
            this.streams = ConcurrentHashMap.newKeySet();
            this.streams.addAll(streams);
            this.out = socket.getOutputStream();
        }
    }

    private final ServerSocket server;
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<String> pongs = new LinkedBlockingQueue<>();
    private final AtomicInteger connectionsOpened = new AtomicInteger();
    private final Thread acceptor;

    public FakeBinanceStream() throws IOException {
        this(Venue.BINANCE);
    }

    public FakeBinanceStream(Venue venue) throws IOException {
        this.venue = venue;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "fake-binance-ws");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public URI baseUrl() {
        return URI.create("ws://127.0.0.1:" + server.getLocalPort());
    }

    /** Connections accepted since the start. */
    public int connectionsOpened() {
        return connectionsOpened.get();
    }

    /** Connections open now. */
    public int connections() {
        return clients.size();
    }

    /**
     * Waits until {@code n} connections have been opened since the start and one is open now.
     *
     * @throws AssertionError when {@code deadline} passes first, saying how many were seen
     */
    public void awaitConnectionsOpened(int n, Duration deadline) throws Exception {
        Await.until("connection " + n + " opened and open now", deadline,
                () -> connectionsOpened.get() >= n && !clients.isEmpty(),
                () -> connectionsOpened.get() + " opened, " + clients.size() + " open now, "
                        + refused.get() + " handshakes refused");
    }

    /** Refuses every handshake from now on with this HTTP status (451: a restricted region). */
    public void refuseHandshakes(int status) {
        refuseStatus = status;
    }

    /** From now on subscriptions are refused, as a venue refuses an unknown topic. */
    public void refuseSubscriptions() {
        refuseSubscriptions = true;
    }

    /**
     * A subscribe request that holds {@code topic} (e.g. {@code allLiquidation.NOPEUSDT}) is
     * refused, naming it, as Bybit refuses a topic it does not have; the others are taken.
     */
    public void refuseTopic(String topic) {
        refusedTopics.add(topic);
    }

    /** Handshakes refused so far. */
    public int refusedHandshakes() {
        return refused.get();
    }

    /** Keep-alive messages received from clients (Bybit's ping op, OKX's "ping"). */
    public int keepAlives() {
        return keepAlives.get();
    }

    /**
     * Pushes a liquidation, given in the spot pair's units (price per coin, quantity in coins),
     * in this venue's format and units to every client subscribed to its perpetual (named as the
     * venue names it, {@link VenueListings}: {@code 1000SHIBUSDT}'s prices are per 1000 SHIB).
     * The model's side is the forced order's (SELL liquidates a long).
     */
    public int push(Liquidation l) throws IOException {
        String coin = l.symbol().substring(0, l.symbol().indexOf('/'));
        if (!l.symbol().endsWith("/USDT")) {
            return pushAs(l.symbol().replace("/", ""), l);
        }
        String perpetual = VenueListings.perpetual(venueId(), coin);
        BigDecimal perUnit = BigDecimal.valueOf(VenueListings.multiplier(venueId(), coin));
        BigDecimal qtyUnit = venue == Venue.OKX ? VenueListings.okxContractValue(coin) : perUnit;
        return pushAs(perpetual, new Liquidation(l.symbol(), l.venue(), l.time(), l.side(),
                l.price().multiply(perUnit), l.avgPrice().multiply(perUnit),
                l.qty().divide(qtyUnit, MathContext.DECIMAL128).stripTrailingZeros()));
    }

    /**
     * Pushes a liquidation of the venue's perpetual {@code perpetual} with {@code l}'s numbers
     * as the venue writes them: its price per unit of the perpetual's base, its quantity in the
     * venue's units (contracts on OKX); {@code l}'s symbol is not used.
     */
    public int pushAs(String perpetual, Liquidation l) throws IOException {
        String qty = l.qty().toPlainString();
        if (venue == Venue.BYBIT) {
            String topic = "allLiquidation." + perpetual;
            return sendText(topic, "{\"topic\":\"" + topic + "\",\"type\":\"snapshot\","
                    + "\"ts\":" + (l.time() + 5) + ",\"data\":[{\"T\":" + l.time()
                    + ",\"s\":\"" + perpetual + "\",\"S\":\""
                    + (l.side() == OrderSide.SELL ? "Buy" : "Sell")
                    + "\",\"v\":\"" + qty + "\",\"p\":\"" + l.price().toPlainString()
                    + "\"}]}");
        }
        if (venue == Venue.OKX) {
            boolean longLiquidated = l.side() == OrderSide.SELL;
            String family = perpetual.replace("-SWAP", "");
            return sendText("liquidation-orders:SWAP", "{\"arg\":{\"channel\":"
                    + "\"liquidation-orders\",\"instType\":\"SWAP\"},\"data\":[{\"details\":"
                    + "[{\"bkLoss\":\"0\",\"bkPx\":\"" + l.price().toPlainString()
                    + "\",\"ccy\":\"\",\"posSide\":\"" + (longLiquidated ? "long" : "short")
                    + "\",\"side\":\"" + (longLiquidated ? "sell" : "buy") + "\",\"sz\":\""
                    + qty + "\",\"ts\":\"" + l.time() + "\"}],\"instFamily\":\"" + family
                    + "\",\"instId\":\"" + perpetual + "\",\"instType\":\"SWAP\",\"uly\":\""
                    + family + "\"}]}");
        }
        String stream = perpetual.toLowerCase(Locale.ROOT) + "@forceOrder";
        String json = "{\"stream\":\"" + stream + "\",\"data\":{\"e\":\"forceOrder\",\"E\":"
                + (l.time() + 7) + ",\"o\":{\"s\":\"" + perpetual + "\",\"S\":\"" + l.side()
                + "\",\"o\":\"LIMIT\",\"f\":\"IOC\",\"q\":\"" + qty
                + "\",\"p\":\"" + l.price().toPlainString() + "\",\"ap\":\""
                + l.avgPrice().toPlainString() + "\",\"X\":\"FILLED\",\"l\":\""
                + qty + "\",\"z\":\"" + qty + "\",\"T\":" + l.time() + "}}}";
        return sendText(stream, json);
    }

    /** The venue's id in settings, as {@link VenueListings} takes it. */
    private String venueId() {
        return switch (venue) {
            case BINANCE -> "binance-usdm";
            case BYBIT -> "bybit";
            case OKX -> "okx";
        };
    }

    /** Sends a raw text message to the subscribers of {@code stream}. */
    public int sendText(String stream, String text) throws IOException {
        int sent = 0;
        for (Client c : clients) {
            if (c.streams.contains(stream) && !c.silenced) {
                write(c, 0x1, text.getBytes(StandardCharsets.UTF_8));
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
        for (Client c : clients) {
            write(c, 0x9, payload.getBytes(StandardCharsets.UTF_8));
            n++;
        }
        for (int i = 0; i < n; i++) {
            String pong = pongs.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!payload.equals(pong)) {
                return false;
            }
        }
        return n > 0;
    }

    /** Ends every session with a close frame, as Binance does after 24 hours. */
    public void closeSessions() throws IOException {
        for (Client c : clients) {
            byte[] reason = "session expired".getBytes(StandardCharsets.UTF_8);
            byte[] payload = new byte[reason.length + 2];
            payload[0] = (byte) (1001 >> 8);
            payload[1] = (byte) (1001 & 0xff);
            System.arraycopy(reason, 0, payload, 2, reason.length);
            write(c, 0x8, payload);
        }
    }

    /**
     * From now on the open connections answer nothing, neither pongs nor keep-alives, and stay
     * open: a half-open socket, as a client sees one when the network in between fails. New
     * connections answer as usual.
     */
    public void stopAnswering() {
        for (Client c : clients) {
            c.silenced = true;
        }
    }

    /** Drops every connection without a close frame (a network failure). */
    public void dropConnections() {
        for (Client c : clients) {
            try {
                c.socket.close();
            } catch (IOException ignored) {
                // already gone
            }
            clients.remove(c);
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "fake-binance-ws-client");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        Client client = null;
        try {
            InputStream in = socket.getInputStream();
            List<String> head = readHead(in);
            String requestLine = head.get(0); // GET /stream?streams=... HTTP/1.1
            String key = null;
            for (String h : head) {
                if (h.toLowerCase(Locale.ROOT).startsWith("sec-websocket-key:")) {
                    key = h.substring(h.indexOf(':') + 1).trim();
                }
            }
            String target = requestLine.split(" ")[1];
            OutputStream out = socket.getOutputStream();
            if (refuseStatus != 0) {
                refused.incrementAndGet();
                byte[] why = ("{\"code\":0,\"msg\":\"Service unavailable from a restricted "
                        + "location according to 'b. Eligibility' in https://www.binance.com/en/"
                        + "terms. Please contact customer service if you believe you received "
                        + "this message in error.\"}").getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 " + refuseStatus + " Unavailable For Legal Reasons\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + why.length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(why);
                out.flush();
                socket.close();
                return;
            }
            if (key == null || (venue == Venue.BINANCE && !target.startsWith("/stream?streams="))) {
                out.write(("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                socket.close();
                return;
            }
            Set<String> streams = venue != Venue.BINANCE ? Set.of()
                    : Set.of(target.substring("/stream?streams=".length()).split("/"));
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept(key) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            client = new Client(socket, streams);
            clients.add(client);
            connectionsOpened.incrementAndGet();
            DataInputStream frames = new DataInputStream(in);
            while (true) {
                int b0 = frames.readUnsignedByte();
                int b1 = frames.readUnsignedByte();
                long len = b1 & 0x7f;
                if (len == 126) {
                    len = frames.readUnsignedShort();
                } else if (len == 127) {
                    len = frames.readLong();
                }
                byte[] mask = new byte[4];
                if ((b1 & 0x80) != 0) {
                    frames.readFully(mask);
                }
                byte[] payload = new byte[(int) len];
                frames.readFully(payload);
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i % 4];
                }
                int opcode = b0 & 0x0f;
                if (client.silenced) {
                    continue; // a half-open connection: nothing comes back, nothing closes
                }
                if (opcode == 0x1) {
                    answer(client, new String(payload, StandardCharsets.UTF_8));
                } else if (opcode == 0x9) {
                    write(client, 0xA, payload); // a ping is answered with a pong (RFC 6455)
                } else if (opcode == 0xA) {
                    pongs.add(new String(payload, StandardCharsets.UTF_8));
                } else if (opcode == 0x8) {
                    write(client, 0x8, payload);
                    break;
                }
            }
        } catch (IOException e) {
            // the client went away
        } finally {
            if (client != null) {
                clients.remove(client);
            }
            try {
                socket.close();
            } catch (IOException ignored) {
                // closed
            }
        }
    }

    /** A client's text message: a subscription or a keep-alive, answered as the venue does. */
    private void answer(Client c, String text) throws IOException {
        if (venue == Venue.OKX && text.equals("ping")) {
            keepAlives.incrementAndGet();
            write(c, 0x1, "pong".getBytes(StandardCharsets.UTF_8));
            return;
        }
        JsonNode m;
        try {
            m = new ObjectMapper().readTree(text);
        } catch (IOException e) {
            return;
        }
        String op = m.path("op").asText();
        String reply = null;
        if (venue == Venue.BYBIT && op.equals("ping")) {
            keepAlives.incrementAndGet();
            reply = "{\"success\":true,\"ret_msg\":\"pong\",\"conn_id\":\"fake-1\","
                    + "\"op\":\"ping\"}";
        } else if (venue == Venue.BYBIT && op.equals("subscribe")
                && (refuseSubscriptions || refused(m.path("args")) != null)) {
            String topic = refuseSubscriptions ? m.path("args").path(0).asText()
                    : refused(m.path("args"));
            reply = "{\"success\":false,\"ret_msg\":\"error:handler not found,topic:"
                    + topic + "\",\"conn_id\":\"fake-1\",\"op\":\"subscribe\"}";
        } else if (venue == Venue.BYBIT && op.equals("subscribe")) {
            m.path("args").forEach(a -> c.streams.add(a.asText()));
            reply = "{\"success\":true,\"ret_msg\":\"\",\"conn_id\":\"fake-1\",\"op\":"
                    + "\"subscribe\"}";
        } else if (venue == Venue.OKX && op.equals("subscribe") && refuseSubscriptions) {
            reply = "{\"event\":\"error\",\"code\":\"60018\",\"msg\":\"Wrong URL or "
                    + "channel\",\"connId\":\"a4d3ae55\"}";
        } else if (venue == Venue.OKX && op.equals("subscribe")) {
            m.path("args").forEach(a -> c.streams.add(a.path("channel").asText() + ":"
                    + a.path("instType").asText()));
            reply = "{\"event\":\"subscribe\",\"arg\":" + m.path("args").path(0)
                    + ",\"connId\":\"a4d3ae55\"}";
        }
        if (reply != null) {
            write(c, 0x1, reply.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The first refused topic among a request's {@code args}, or null. */
    private String refused(JsonNode args) {
        for (JsonNode a : args) {
            if (refusedTopics.contains(a.asText())) {
                return a.asText();
            }
        }
        return null;
    }

    /** Connections open now. */
    public int openConnections() {
        return clients.size();
    }

    /** Whether some client has subscribed to {@code stream} (a topic or channel). */
    public boolean subscribed(String stream) {
        return clients.stream().anyMatch(c -> c.streams.contains(stream));
    }

    private static List<String> readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int prev = -1;
        int b;
        while ((b = in.read()) != -1) {
            if (prev == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                String text = new String(bytes, 0, bytes.length - 1, StandardCharsets.US_ASCII);
                if (text.isEmpty()) {
                    return lines;
                }
                lines.add(text);
                line.reset();
            } else {
                line.write(b);
            }
            prev = b;
        }
        throw new IOException("connection closed during the handshake");
    }

    private static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1")
                    .digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(Client c, int opcode, byte[] payload) throws IOException {
        synchronized (c) {
            OutputStream out = c.out;
            out.write(0x80 | opcode);
            if (payload.length < 126) {
                out.write(payload.length);
            } else if (payload.length < 65536) {
                out.write(126);
                out.write(payload.length >> 8);
                out.write(payload.length & 0xff);
            } else {
                out.write(127);
                for (int i = 7; i >= 0; i--) {
                    out.write((int) ((long) payload.length >> (8 * i)) & 0xff);
                }
            }
            out.write(payload);
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropConnections();
    }
}
