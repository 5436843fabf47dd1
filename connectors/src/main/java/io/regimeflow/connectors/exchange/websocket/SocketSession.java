package io.regimeflow.connectors.exchange.websocket;

import java.net.URI;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;

/**
 * The listener of one connection of a {@link ReconnectingWebSocket}: passes what it hears on
 * under its generation, so that callbacks of a replaced connection are ignored.
 */
final class SocketSession implements WebSocket.Listener {
    private final ReconnectingWebSocket socket;
    private final long gen;
    private final URI uri;
    /** Subscribed by the URL itself: the open handshake is the confirmation. */
    private final boolean confirmedByOpen;
    private final StringBuilder partial = new StringBuilder();

    SocketSession(ReconnectingWebSocket socket, long gen, URI uri, boolean confirmedByOpen) {
        this.socket = socket;
        this.gen = gen;
        this.uri = uri;
        this.confirmedByOpen = confirmedByOpen;
    }

    @Override
    public void onOpen(WebSocket ws) {
        socket.opened(gen, uri, confirmedByOpen);
        ws.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        socket.heard(gen);
        partial.append(data);
        if (last) {
            String message = partial.toString();
            partial.setLength(0);
            if (!socket.message(gen, ws, message)) {
                return null;
            }
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
        socket.heard(gen);
        ws.request(1);
        return null; // the client answers with a pong by itself
    }

    @Override
    public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
        socket.heard(gen);
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        socket.lost(gen, "closed by the server: " + statusCode + " " + reason);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        socket.lost(gen, "error: " + error);
    }

    /**
     * The HTTP status of a handshake the venue refused for the region, or 0: a 451, or a 403
     * whose body says so (a 403 without a body is taken as one too: hourly beats a storm).
     */
    static int regionRefusal(Throwable error, SocketOwner owner) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof WebSocketHandshakeException h) {
                int status = h.getResponse().statusCode();
                Object body = h.getResponse().body();
                String text = body == null ? "" : body instanceof byte[] b
                        ? new String(b, StandardCharsets.UTF_8) : body.toString();
                boolean refused = (status == 403 && text.isBlank())
                        || owner.regionRefused(status, text);
                return refused ? status : 0;
            }
        }
        return 0;
    }
}
