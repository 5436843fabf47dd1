package io.regimeflow.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.regimeflow.model.MarketJson;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a browser needs to draw the page at once: per symbol the recent hourly snapshots and 1h
 * candles (for the charts and the 24h change) and the latest 1m candle (the live price), and the
 * latest events, and what the job said about itself (its source, its derivatives venue). Kept in
 * memory by the hub from what the job sends; a browser that connects gets it whole, then the
 * updates. A standalone hub may first fill it from the database ({@link #seed}).
 */
final class LiveState {
    /** A week of hours: the charts' span. */
    static final int HOURS_KEPT = 168;
    static final int EVENTS_KEPT = 200;

    private final Map<String, TreeMap<Long, JsonNode>> snapshots = new TreeMap<>();
    private final Map<String, TreeMap<Long, JsonNode>> candles = new TreeMap<>();
    private final Deque<JsonNode> events = new ArrayDeque<>();
    private final Map<String, JsonNode> ticks = new TreeMap<>();
    /** Every pair's latest hourly correlation: one entry per pair. */
    private final PairCorrelationBoard pairs = new PairCorrelationBoard();
    /** The derivatives venue's state: which of funding and liquidations it delivers. */
    private JsonNode derivatives;
    /** Which source feeds the job (simulator, binance, kafka), its label and pace; null: unsaid. */
    private JsonNode source;
    /** What {@link #seed} took from the database; null: nothing. */
    private ObjectNode seeded;
    private long lastUpdateMs;

    /**
     * Takes one message from the job.
     *
     * @return whether browsers should get it (a 1h candle, a tick, a snapshot, an event or a
     *     pair's correlation no older than the one kept)
     */
    synchronized boolean apply(HubMessageKind kind, JsonNode data, long nowMs) {
        switch (kind) {
            case SNAPSHOT -> keepLatest(snapshots, data.path("symbol").asText(), data,
                    "timestamp");
            case CANDLE -> {
                if (!"1h".equals(data.path("interval").asText())) {
                    return false;
                }
                keepLatest(candles, data.path("symbol").asText(), data, "open_time");
            }
            case TICK -> ticks.put(data.path("symbol").asText(), data);
            case PAIR_CORRELATION -> {
                if (!pairs.put(data)) {
                    return false; // an older hour than the one kept: nothing new to show
                }
            }
            case DERIVATIVES -> {
                if (!data.path("venue").isTextual()) {
                    throw new IllegalArgumentException("a derivatives message without a venue");
                }
                derivatives = data;
                return true; // news about the job, not market data: the data age stays
            }
            case SOURCE -> {
                if (!data.path("type").isTextual() || !data.path("label").isTextual()) {
                    throw new IllegalArgumentException("a source message without a type and a "
                            + "label");
                }
                source = data;
                return true; // as derivatives: about the job, not market data
            }
            case EVENT -> {
                String id = data.path("event_id").asText();
                events.removeIf(e -> e.path("event_id").asText().equals(id));
                events.addFirst(data);
                while (events.size() > EVENTS_KEPT) {
                    events.removeLast();
                }
            }
            case STATE -> throw new IllegalArgumentException("a state message from the job: "
                    + "expected snapshot, candle, tick, event, derivatives, source or "
                    + "pair_correlation");
        }
        lastUpdateMs = nowMs;
        return true;
    }

    /**
     * Fills the state with the database's last known state, before any job has sent anything:
     * snapshots and 1h candles (kept as those the job sends: one per time, the last week) and
     * events, newest first, and pair correlations (a pair's later hour kept). What the job sent
     * already is kept; the data age is left alone (no new data came), so the page can say it
     * shows the database's state.
     */
    synchronized void seed(List<JsonNode> snapshotList, List<JsonNode> candleList,
            List<JsonNode> eventsNewestFirst, List<JsonNode> pairList, long nowMs) {
        for (JsonNode p : pairList) {
            pairs.put(p);
        }
        for (JsonNode s : snapshotList) {
            keepIfAbsent(snapshots, s.path("symbol").asText(), s, "timestamp");
        }
        for (JsonNode c : candleList) {
            keepIfAbsent(candles, c.path("symbol").asText(), c, "open_time");
        }
        for (JsonNode e : eventsNewestFirst) {
            String id = e.path("event_id").asText();
            if (events.size() < EVENTS_KEPT
                    && events.stream().noneMatch(x -> x.path("event_id").asText().equals(id))) {
                events.addLast(e);
            }
        }
        seeded = MarketJson.mapper().createObjectNode();
        seeded.put("from", "database");
        seeded.put("at", nowMs);
        seeded.put("snapshots", snapshotList.size());
        seeded.put("candles", candleList.size());
        seeded.put("events", eventsNewestFirst.size());
        seeded.put("pairs", pairList.size());
    }

    private static void keepIfAbsent(Map<String, TreeMap<Long, JsonNode>> bySymbol, String symbol,
            JsonNode data, String timeField) {
        TreeMap<Long, JsonNode> byTime = bySymbol.get(symbol);
        if (byTime == null || !byTime.containsKey(data.path(timeField).asLong())) {
            keepLatest(bySymbol, symbol, data, timeField);
        }
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
        data.putArray("pairs").addAll(pairs.all());
        if (derivatives != null) {
            data.set("derivatives", derivatives);
        }
        if (source != null) {
            data.set("source", source);
        }
        if (seeded != null) {
            data.set("seeded", seeded);
        }
        data.put("last_update", lastUpdateMs);
        return HubMessageKind.STATE.message(data);
    }

    /**
     * Every pair's latest correlation in the JSON form of {@code HourlyPairCorrelation}: those
     * the job sent as pair correlations, and those of the symbols' newest snapshots where a
     * snapshot's hour is later (the dashboard sink thins the pairs out during a fast backfill,
     * the snapshots, which keep each symbol's breaks and strongest pairs, it does not). Empty
     * before either has come.
     */
    synchronized List<JsonNode> latestPairs() {
        Map<String, JsonNode> byPair = new TreeMap<>();
        for (JsonNode p : pairs.all()) {
            byPair.put(p.path("pair").asText(), p);
        }
        for (TreeMap<Long, JsonNode> byTime : snapshots.values()) {
            JsonNode c = byTime.lastEntry().getValue().path("correlations");
            long time = c.path("time").asLong();
            for (JsonNode p : c.path("pairs")) {
                JsonNode kept = byPair.get(p.path("pair").asText());
                if (kept == null || kept.path("time").asLong() < time) {
                    ObjectNode timed = MarketJson.mapper().createObjectNode().put("time", time);
                    timed.setAll((ObjectNode) p);
                    byPair.put(p.path("pair").asText(), timed);
                }
            }
        }
        return List.copyOf(byPair.values());
    }

    /** The leading asset of the newest snapshot that names its correlations; null: none. */
    synchronized JsonNode leadingAsset() {
        JsonNode leading = null;
        long newest = Long.MIN_VALUE;
        for (TreeMap<Long, JsonNode> byTime : snapshots.values()) {
            Map.Entry<Long, JsonNode> last = byTime.lastEntry();
            JsonNode c = last.getValue().path("correlations");
            if (c.isObject() && last.getKey() > newest) {
                newest = last.getKey();
                leading = c.get("leading_asset");
            }
        }
        return leading;
    }

    synchronized long lastUpdateMs() {
        return lastUpdateMs;
    }
}
