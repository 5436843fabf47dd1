package io.regimeflow.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.regimeflow.model.MarketJson;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a browser needs to draw the page at once: per symbol the recent hourly snapshots and 1h
 * candles (for the charts and the 24h change) and the latest 1m candle (the live price), and the
 * latest events. Kept in memory by the hub
 * from what the job sends; a browser that connects gets it whole, then the updates.
 */
final class LiveState {
    /** A week of hours: the charts' span. */
    static final int HOURS_KEPT = 168;
    static final int EVENTS_KEPT = 200;

    private final Map<String, TreeMap<Long, JsonNode>> snapshots = new TreeMap<>();
    private final Map<String, TreeMap<Long, JsonNode>> candles = new TreeMap<>();
    private final Deque<JsonNode> events = new ArrayDeque<>();
    private final Map<String, JsonNode> ticks = new TreeMap<>();
    /** The derivatives venue's state: which of funding and liquidations it delivers. */
    private JsonNode derivatives;
    private long lastUpdateMs;

    /**
     * Takes one message from the job.
     *
     * @return whether browsers should get it (a 1h candle, a tick, a snapshot or an event)
     */
    synchronized boolean apply(String kind, JsonNode data, long nowMs) {
        switch (kind) {
            case "snapshot" -> keepLatest(snapshots, data.path("symbol").asText(), data,
                    "timestamp");
            case "candle" -> {
                if (!"1h".equals(data.path("interval").asText())) {
                    return false;
                }
                keepLatest(candles, data.path("symbol").asText(), data, "open_time");
            }
            case "tick" -> ticks.put(data.path("symbol").asText(), data);
            case "derivatives" -> {
                if (!data.path("venue").isTextual()) {
                    throw new IllegalArgumentException("a derivatives message without a venue");
                }
                derivatives = data;
                return true; // news about the job, not market data: the data age stays
            }
            case "event" -> {
                String id = data.path("event_id").asText();
                events.removeIf(e -> e.path("event_id").asText().equals(id));
                events.addFirst(data);
                while (events.size() > EVENTS_KEPT) {
                    events.removeLast();
                }
            }
            default -> throw new IllegalArgumentException("unknown message kind '" + kind
                    + "': expected snapshot, candle, tick, event or derivatives");
        }
        lastUpdateMs = nowMs;
        return true;
    }

    /** One entry per time (a replay rewrites, never doubles), in time order, the last week. */
    private static void keepLatest(Map<String, TreeMap<Long, JsonNode>> bySymbol, String symbol,
            JsonNode data, String timeField) {
        TreeMap<Long, JsonNode> byTime = bySymbol.computeIfAbsent(symbol, k -> new TreeMap<>());
        byTime.put(data.path(timeField).asLong(), data);
        while (byTime.size() > HOURS_KEPT) {
            byTime.pollFirstEntry();
        }
    }

    /** The whole state as one message: {@code {"kind":"state","data":{...}}}. */
    synchronized String stateMessage() {
        ObjectNode data = MarketJson.mapper().createObjectNode();
        ObjectNode s = data.putObject("snapshots");
        snapshots.forEach((symbol, byTime) -> s.putArray(symbol).addAll(byTime.values()));
        ObjectNode c = data.putObject("candles");
        candles.forEach((symbol, byTime) -> c.putArray(symbol).addAll(byTime.values()));
        ObjectNode t = data.putObject("ticks");
        ticks.forEach(t::set);
        ArrayNode e = data.putArray("events");
        events.forEach(e::add);
        if (derivatives != null) {
            data.set("derivatives", derivatives);
        }
        data.put("last_update", lastUpdateMs);
        return message("state", data);
    }

    synchronized long lastUpdateMs() {
        return lastUpdateMs;
    }

    static String message(String kind, JsonNode data) {
        ObjectNode m = MarketJson.mapper().createObjectNode();
        m.put("kind", kind);
        m.set("data", data);
        return m.toString();
    }
}
