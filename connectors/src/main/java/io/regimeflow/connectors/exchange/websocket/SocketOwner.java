package io.regimeflow.connectors.exchange.websocket;

import java.net.URI;
import java.util.List;
import org.apache.flink.annotation.Internal;

/**
 * What the owner of a {@link ReconnectingWebSocket} decides: where to connect, what to send, what
 * a message means, how the venue wants the connection kept alive. Called from the socket's
 * threads, some while the socket holds its own lock: an owner answers from its own state, never
 * waiting for a lock it holds while it calls into the socket.
 */
@Internal
public interface SocketOwner {

    /** What a message says of the connection. */
    enum Verdict {
        /** Data, or nothing about the subscription. */
        NONE,
        /** The subscription holds: the next backoff starts from its base again. */
        CONFIRMED,
        /** The subscription is refused: the connection starts over, its backoff still growing. */
        REFUSED
    }

    /** Where to connect now, or null while there is nothing to ask for. */
    URI uri();

    /** Texts to send once connected (subscriptions); none where the URI itself subscribes. */
    List<String> openingMessages();

    /** A whole text message of the current connection, and what it says of the connection. */
    Verdict onMessage(String message);

    /** Whether a refused handshake's status and body refuse this region. */
    boolean regionRefused(int status, String body);

    /** The venue refuses this region: said once until a connection succeeds; asked hourly. */
    void onRegionRefused(URI uri, int status);

    /**
     * Whether only data confirms the subscription: the venue may refuse it in a message after
     * the open (so the backoff keeps growing until {@link Verdict#CONFIRMED}, not reset by the
     * open itself, which would reconnect about once a second against a refusal).
     */
    default boolean confirmedByData() {
        return false;
    }

    /** Silence after which the connection is pinged (a websocket ping: every venue answers). */
    long probeAfterMs();

    /** A text the venue wants every {@link #keepAliveMs()} (OKX's "ping"), or null. */
    default String keepAliveText() {
        return null;
    }

    default long keepAliveMs() {
        return 20_000;
    }
}
