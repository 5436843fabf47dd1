package io.regimeflow.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.regimeflow.model.MarketJson;
import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of message the hub takes from the job and passes to the browsers, each
 * {@code {"kind": "<wire name>", "data": {...}}}. The page's script ({@code app.js}) reads the
 * same wire names.
 */
public enum HubMessageKind {
    /** An hourly feature snapshot. */
    SNAPSHOT,
    /** A built candle (the hub keeps the 1h ones). */
    CANDLE,
    /** The latest 1m candle of a symbol: the live price. */
    TICK,
    /** A market event. */
    EVENT,
    /** What the job says on connecting: the derivatives venue's state. */
    DERIVATIVES,
    /** What the job says on connecting: which source feeds it. */
    SOURCE,
    /**
     * One pair's hourly correlation ({@code HourlyPairCorrelation}): the hub keeps the latest of
     * every pair, for the page's heatmap and {@code /api/correlation}.
     */
    PAIR_CORRELATION,
    /** Hub to browser only: the whole live state at once. */
    STATE;

    /** The kind as the messages spell it: {@code snapshot}, {@code pair_correlation}... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind a message's {@code kind} field names, if any. */
    public static Optional<HubMessageKind> fromWireName(String wireName) {
        for (HubMessageKind k : values()) {
            if (k.wireName().equals(wireName)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** A whole message of this kind: {@code {"kind":"<wire name>","data":data}}. */
    public String message(JsonNode data) {
        ObjectNode m = MarketJson.mapper().createObjectNode();
        m.put("kind", wireName());
        m.set("data", data);
        return m.toString();
    }
}
