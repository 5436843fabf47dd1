package io.regimeflow.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The latest hourly correlation of every pair the job sends ({@code pair_correlation} messages,
 * each an {@code HourlyPairCorrelation} in its JSON form, docs/json-formats.md): at most one
 * entry per pair, so 11,175 at 150 symbols whatever the run's length. A pair not updated for a
 * week of the data's own time (a symbol that left the universe) is dropped. Not thread-safe:
 * {@link LiveState} guards it.
 */
final class PairCorrelationBoard {
    /** A pair this far behind the newest hour is gone from the universe: the charts' week. */
    static final long KEPT_MS = LiveState.HOURS_KEPT * 3_600_000L;

    private final Map<String, JsonNode> latest = new TreeMap<>();
    private long newest = Long.MIN_VALUE;

    /**
     * Keeps {@code p} unless the board has a later hour of its pair (sinks of several
     * parallel writers, and a replay, may send hours out of order).
     *
     * @return whether it was kept (then browsers should get it)
     * @throws IllegalArgumentException when it is not a pair correlation: no textual
     *     {@code pair}, {@code symbol_a}, {@code symbol_b} or no numeric {@code time}
     */
    boolean put(JsonNode p) {
        if (!p.path("pair").isTextual() || !p.path("symbol_a").isTextual()
                || !p.path("symbol_b").isTextual() || !p.path("time").canConvertToLong()) {
            throw new IllegalArgumentException("a pair correlation needs pair, symbol_a, "
                    + "symbol_b and time");
        }
        long time = p.path("time").asLong();
        JsonNode kept = latest.get(p.path("pair").asText());
        if (kept != null && kept.path("time").asLong() > time) {
            return false;
        }
        latest.put(p.path("pair").asText(), p);
        if (time > newest) {
            newest = time;
            // Once per new hour, not per pair: O(pairs) an hour.
            latest.values().removeIf(x -> x.path("time").asLong() < newest - KEPT_MS);
        }
        return true;
    }

    /** Every pair's latest correlation, in pair order. */
    List<JsonNode> all() {
        return new ArrayList<>(latest.values());
    }

    int size() {
        return latest.size();
    }
}
