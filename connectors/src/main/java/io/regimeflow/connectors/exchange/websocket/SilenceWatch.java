package io.regimeflow.connectors.exchange.websocket;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Whether a connection still answers: after {@code probeAfterMs} of silence it is asked (a
 * websocket ping, which every venue answers with a pong), and {@link #UNANSWERED_LIMIT} probes
 * without a word make it dead. A connection cut without a close (a network failure, a half-open
 * socket) is otherwise never noticed: the JDK client may get no close and no error, and
 * Binance's own pings come only every 3 minutes.
 */
final class SilenceWatch {

    /** Probes unanswered before the connection is taken for dead. */
    static final int UNANSWERED_LIMIT = 2;
    private static final byte[] PING = "regimeflow".getBytes(StandardCharsets.US_ASCII);

    private final long probeAfterMs;
    private volatile long lastHeard;
    /** Probes sent since anything was last heard; and when the last one went. */
    private final AtomicInteger unanswered = new AtomicInteger();
    private volatile long lastProbe;

    SilenceWatch(long probeAfterMs) {
        this.probeAfterMs = probeAfterMs;
    }

    /** How often the watch looks at the connection. */
    long checkEveryMs() {
        return Math.max(10, Math.min(1_000, probeAfterMs / 4));
    }

    /** Anything from the venue on the current connection: it is alive. */
    void heard(long now) {
        lastHeard = now;
        unanswered.set(0);
    }

    /** A new connection: heard now, no probe sent. */
    void opened(long now) {
        heard(now);
        lastProbe = 0;
    }

    /**
     * Probes connection {@code ws} when it has been silent long enough (since the last probe
     * too); says why it is dead ({@code dead}) after too many probes in vain, or a probe that
     * cannot even be sent.
     */
    void check(WebSocket ws, long now, Consumer<String> dead) {
        if (!silent(now)) {
            return;
        }
        String why = dead(now);
        if (why != null) {
            dead.accept(why);
            return;
        }
        probed(now);
        ws.sendPing(ByteBuffer.wrap(PING)).whenComplete((sent, error) -> {
            if (error != null) {
                dead.accept("keep-alive ping not sent: " + error);
            }
        });
    }

    private boolean silent(long now) {
        return now - lastHeard >= probeAfterMs && now - lastProbe >= probeAfterMs;
    }

    /** Why a silent connection is taken for dead at {@code now}, or null: probe it again. */
    private String dead(long now) {
        return unanswered.get() >= UNANSWERED_LIMIT ? "no answer to " + unanswered.get()
                + " keep-alive pings in " + (now - lastHeard) + " ms" : null;
    }

    private void probed(long now) {
        unanswered.incrementAndGet();
        lastProbe = now;
    }
}
