package io.regimeflow.connectors.exchange.config;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How live spot candles and books arrive once the backfill has caught up ({@code binance.live}):
 * over Binance.US's combined websocket streams ({@code <symbol>@kline_1m} and
 * {@code <symbol>@depth20@1000ms}, no request weight), or by REST polling as before. With the
 * websocket, REST is still used for the backfill, for the minutes a socket missed, and when the
 * exchange refuses the streams.
 *
 * @param websocket true: the streams; false: REST polling only
 * @param websocketUrl the spot websocket base URL ({@code binance.websocket-url}), e.g.
 *     wss://stream.binance.us:9443
 * @param lateAfter a closed minute the socket has not delivered this long after its close is
 *     asked for by REST (Binance pushes the closed kline within about 2 s)
 */
public record SpotLive(boolean websocket, URI websocketUrl, Duration lateAfter)
        implements Serializable {

    /** Binance.US's spot stream host (https://docs.binance.us/#websocket-streams). */
    public static final URI BINANCE_US = URI.create("wss://stream.binance.us:9443");

    public SpotLive {
        Objects.requireNonNull(websocketUrl, "websocketUrl");
        Objects.requireNonNull(lateAfter, "lateAfter");
    }

    /** The job's default: the streams of Binance.US, REST asked 10 s after a late minute. */
    public static SpotLive streams() {
        return new SpotLive(true, BINANCE_US, Duration.ofSeconds(10));
    }

    /** REST polling only (the behaviour before the streams). */
    public static SpotLive polling() {
        return new SpotLive(false, BINANCE_US, Duration.ofSeconds(10));
    }

    /** The streams at {@code url}. */
    public static SpotLive streams(URI url, Duration lateAfter) {
        return new SpotLive(true, url, lateAfter);
    }
}
