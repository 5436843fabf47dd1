package io.regimeflow.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimeflow.model.MarketJson;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket a job's dashboard sink connects to: each text message is {@code {"kind":
 * "snapshot"|"candle"|"tick"|"event"|"pair_correlation", "data": {...}}} (the kinds are
 * {@link HubMessageKind}), or what the job says about itself on connecting: {@code derivatives}
 * (the venue's state) and {@code source} (which source feeds it, e.g.
 * {@code {"type":"simulator","label":"Simulated market","speed":60.0,"bounded":false}}). A
 * message that is not one is logged and counted, never passed to the browsers.
 */
public final class IngestEndpoint implements Session.Listener.AutoDemanding {
    private static final Logger LOG = LoggerFactory.getLogger(IngestEndpoint.class);

    private final LiveState state;
    private final BrowserChannel browsers;
    private final AtomicLong rejected;

    IngestEndpoint(LiveState state, BrowserChannel browsers, AtomicLong rejected) {
        this.state = state;
        this.browsers = browsers;
        this.rejected = rejected;
    }

    @Override
    public void onWebSocketText(String text) {
        try {
            JsonNode m = MarketJson.mapper().readTree(text);
            String kindName = m.path("kind").asText();
            HubMessageKind kind = HubMessageKind.fromWireName(kindName)
                    .filter(k -> k != HubMessageKind.STATE)
                    .orElseThrow(() -> new IllegalArgumentException("unknown message kind '"
                            + kindName + "': expected snapshot, candle, tick, event, "
                            + "pair_correlation, derivatives or source"));
            JsonNode data = m.get("data");
            if (data == null || !data.isObject()) {
                throw new IllegalArgumentException("no data object");
            }
            if (state.apply(kind, data, System.currentTimeMillis())) {
                browsers.broadcast(kind.message(data));
            }
        } catch (Exception e) {
            long n = rejected.incrementAndGet();
            if (n <= 10 || n % 1000 == 0) {
                LOG.warn("ingest message refused ({} so far): {}: {}", n, e.getMessage(),
                        text.length() > 200 ? text.substring(0, 200) + "..." : text);
            }
        }
    }
}
