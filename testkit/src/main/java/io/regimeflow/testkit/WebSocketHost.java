package io.regimeflow.testkit;

import io.regimeflow.testkit.FakeBinanceStream.Venue;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The listening side of {@link FakeBinanceStream}: accepts connections on 127.0.0.1, takes or
 * refuses their handshakes, and serves each on a daemon thread of its own, answering its frames
 * (text through {@link StreamSubscriptions}, pings with pongs, a close with a close) until it
 * ends.
 */
final class WebSocketHost {

    /** Binance's combined stream: the streams are named in the URL, not subscribed by message. */
    private static final String COMBINED = "/stream?streams=";

    private final Venue venue;
    private final StreamSubscriptions subscriptions;
    private final ServerSocket server;
    private final List<WebSocketConnection> clients = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<String> pongs = new LinkedBlockingQueue<>();
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile int refuseStatus;
    /** Stream names a combined-stream URL may not hold (Binance answers 400 to an invalid one). */
    private final Set<String> invalidStreams = ConcurrentHashMap.newKeySet();

    WebSocketHost(Venue venue, StreamSubscriptions subscriptions) throws IOException {
        this.venue = venue;
        this.subscriptions = subscriptions;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "fake-binance-ws");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI baseUrl() {
        return URI.create("ws://127.0.0.1:" + server.getLocalPort());
    }

    /** The connections open now. */
    List<WebSocketConnection> clients() {
        return clients;
    }

    /** Connections accepted since the start. */
    int opened() {
        return opened.get();
    }

    /** Handshakes refused so far. */
    int refused() {
        return refused.get();
    }

    /** Every handshake from now on is refused with {@code status}. */
    void invalidStream(String stream) {
        invalidStreams.add(stream);
    }

    void refuseHandshakes(int status) {
        refuseStatus = status;
    }

    /** The next pong's payload from any client, or null when none comes within the timeout. */
    String nextPong(Duration timeout) throws InterruptedException {
        return pongs.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Drops every connection without a close frame. */
    void dropAll() {
        for (WebSocketConnection c : clients) {
            c.drop();
            clients.remove(c);
        }
    }

    void close() throws IOException {
        server.close();
        dropAll();
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
        WebSocketConnection client = null;
        try {
            WebSocketHandshake.Request request = WebSocketHandshake.read(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            if (refuseStatus != 0) {
                refused.incrementAndGet();
                WebSocketHandshake.refuse(out, refuseStatus);
                return;
            }
            String target = request.target();
            if (request.key() == null || (venue == Venue.BINANCE
                    && (!target.startsWith(COMBINED) || holdsInvalid(target)))) {
                WebSocketHandshake.badRequest(out);
                return;
            }
            WebSocketHandshake.accept(out, request.key());
            client = new WebSocketConnection(socket, venue != Venue.BINANCE ? Set.of()
                    : Set.of(target.substring(COMBINED.length()).split("/")));
            clients.add(client);
            opened.incrementAndGet();
            while (receive(client, client.read())) {
                // until the client closes the session
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

    private boolean holdsInvalid(String target) {
        return Set.of(target.substring(COMBINED.length()).split("/")).stream()
                .anyMatch(invalidStreams::contains);
    }

    /** Handles a frame from {@code client}; false once the client has closed the session. */
    private boolean receive(WebSocketConnection client, WebSocketConnection.Frame frame)
            throws IOException {
        if (client.silenced()) {
            return true; // a half-open connection: nothing comes back, nothing closes
        }
        switch (frame.opcode()) {
            case WebSocketConnection.TEXT -> {
                String reply = subscriptions.reply(new String(frame.payload(),
                        StandardCharsets.UTF_8), client.streams());
                if (reply != null) {
                    client.send(WebSocketConnection.TEXT, reply.getBytes(StandardCharsets.UTF_8));
                }
            }
            // A ping is answered with a pong (RFC 6455).
            case WebSocketConnection.PING -> client.send(WebSocketConnection.PONG,
                    frame.payload());
            case WebSocketConnection.PONG -> pongs.add(new String(frame.payload(),
                    StandardCharsets.UTF_8));
            case WebSocketConnection.CLOSE -> {
                client.send(WebSocketConnection.CLOSE, frame.payload());
                return false;
            }
            default -> {
                // Continuation and binary frames: the venues' clients send none.
            }
        }
        return true;
    }
}
