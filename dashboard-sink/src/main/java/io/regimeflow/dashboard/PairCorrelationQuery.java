package io.regimeflow.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.regimeflow.model.MarketJson;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The answer of {@code /api/correlation?symbol=&limit=} (its shape is in docs/json-formats.md,
 * "Dashboard: /api/correlation"): every pair's latest correlation, ranked as the page's "top
 * pairs" list ranks them, optionally narrowed to the pairs of a symbol and cut to a count.
 */
final class PairCorrelationQuery {
    /** More than the pairs of 400 symbols: a limit is a count, not a way to ask for nothing. */
    static final int MAX_LIMIT = 100_000;

    /**
     * Pairs in break first, the most severe first (HIGH, MEDIUM, LOW, then the larger drop of
     * the 7-day correlation), then the strongest by {@code |corr_30d|} (the strength a
     * snapshot's strongest pairs are chosen by; a pair without it yet last), then by pair name.
     */
    static final Comparator<JsonNode> RANKING = Comparator
            .comparing((JsonNode p) -> !p.path("in_break").asBoolean())
            .thenComparing(p -> -severityRank(p))
            // Every pair with a positive corr_30d has a drop; only a break's ranks by it.
            .thenComparing(p -> p.path("in_break").asBoolean() ? -p.path("drop").asDouble(0) : 0)
            .thenComparing(p -> -strength(p))
            .thenComparing(p -> p.path("pair").asText());

    private PairCorrelationQuery() {}

    /**
     * @param pairs every pair's latest correlation ({@code HourlyPairCorrelation} JSON form)
     * @param leadingAsset the newest snapshot's leading asset, or null
     * @param source where the pairs come from: {@code hub} (what the job sent) or
     *     {@code database} (the database's latest snapshots, before the job has sent any)
     * @param symbol text a pair's symbol must contain, case-insensitive ({@code SOL},
     *     {@code sol/usdt}); null or empty: every pair
     * @param limit at most this many pairs (1 to {@value #MAX_LIMIT}); null or empty: all
     * @throws HistoryApi.BadRequest when {@code limit} is not a count in that range
     */
    static ObjectNode answer(List<JsonNode> pairs, JsonNode leadingAsset, String source,
            String symbol, String limit) throws HistoryApi.BadRequest {
        long n = MAX_LIMIT;
        if (limit != null && !limit.isEmpty()) {
            try {
                n = Long.parseLong(limit);
            } catch (NumberFormatException e) {
                throw new HistoryApi.BadRequest("limit '" + limit + "': expected a count up to "
                        + MAX_LIMIT);
            }
            if (n < 1 || n > MAX_LIMIT) {
                throw new HistoryApi.BadRequest("limit " + n + ": expected 1 to " + MAX_LIMIT);
            }
        }
        String wanted = symbol == null ? "" : symbol.trim().toUpperCase(Locale.ROOT);
        Set<String> symbols = new TreeSet<>();
        long newest = Long.MIN_VALUE;
        for (JsonNode p : pairs) {
            symbols.add(p.path("symbol_a").asText());
            symbols.add(p.path("symbol_b").asText());
            newest = Math.max(newest, p.path("time").asLong());
        }
        List<JsonNode> matched = pairs.stream()
                .filter(p -> wanted.isEmpty() || contains(p, "symbol_a", wanted)
                        || contains(p, "symbol_b", wanted))
                .sorted(RANKING).toList();
        ObjectNode out = MarketJson.mapper().createObjectNode();
        out.put("source", source);
        if (pairs.isEmpty()) {
            out.putNull("time");
        } else {
            out.put("time", newest);
        }
        out.set("leading_asset", leadingAsset);
        out.put("symbols", symbols.size());
        out.put("pair_count", pairs.size());
        out.put("matched", matched.size());
        out.put("breaks", matched.stream().filter(p -> p.path("in_break").asBoolean())
                .count());
        out.putArray("pairs").addAll(matched.subList(0, (int) Math.min(n, matched.size())));
        return out;
    }

    private static boolean contains(JsonNode p, String field, String wanted) {
        return p.path(field).asText().toUpperCase(Locale.ROOT).contains(wanted);
    }

    private static int severityRank(JsonNode p) {
        return switch (p.path("break_severity").asText()) {
            case "HIGH" -> 3;
            case "MEDIUM" -> 2;
            case "LOW" -> 1;
            default -> 0;
        };
    }

    /** {@code |corr_30d|}, or -1 without one (it ranks last). */
    private static double strength(JsonNode p) {
        JsonNode c = p.path("corr_30d");
        return c.isNumber() ? Math.abs(c.asDouble()) : -1;
    }
}
