package io.regimeflow.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.regimeflow.model.EventType;
import io.regimeflow.model.MarketJson;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST history, read from the database the job's JDBC sink writes (SQLite or PostgreSQL):
 * the latest snapshot per symbol and its parts, and events filtered by type, symbol and time.
 */
final class HistoryApi {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryApi.class);

    /** A request the API cannot answer as asked: the message says what it expected. */
    static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message);
        }
    }

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final String url;
    private final Properties credentials = new Properties();

    HistoryApi(String url, String user, String password) {
        this.url = url;
        if (user != null) {
            credentials.setProperty("user", user);
        }
        if (password != null) {
            credentials.setProperty("password", password);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, credentials);
    }

    /** The latest snapshot of every symbol, by symbol. */
    ArrayNode features() throws SQLException, IOException {
        ArrayNode out = MarketJson.mapper().createArrayNode();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT s.data FROM feature_snapshots s JOIN (SELECT symbol, MAX(snapshot_time) "
                        + "AS t FROM feature_snapshots GROUP BY symbol) m ON s.symbol = m.symbol "
                        + "AND s.snapshot_time = m.t ORDER BY s.symbol");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(MarketJson.mapper().readTree(rs.getString(1)));
            }
        }
        return out;
    }

    /** One part of each symbol's latest snapshot: {@code {symbol, timestamp, <part>}}. */
    ArrayNode part(String name) throws SQLException, IOException {
        ArrayNode out = MarketJson.mapper().createArrayNode();
        for (JsonNode s : features()) {
            ObjectNode o = out.addObject();
            o.set("symbol", s.get("symbol"));
            o.set("timestamp", s.get("timestamp"));
            o.set(name, s.get(name));
        }
        return out;
    }

    /**
     * The pairs the latest snapshots hold (each symbol's breaks and strongest pairs), each once
     * and in the form of {@code HourlyPairCorrelation} (its snapshot's hour as {@code time}),
     * and the newest snapshot's leading asset: what {@code /api/correlation} answers before the
     * job has sent any pair correlation.
     *
     * @return {@code {"leading_asset": .., "time": .., "pairs": [..]}}
     */
    ObjectNode correlation() throws SQLException, IOException {
        Map<String, JsonNode> pairs = new LinkedHashMap<>();
        ObjectNode out = MarketJson.mapper().createObjectNode();
        long latest = Long.MIN_VALUE;
        for (JsonNode s : features()) {
            JsonNode c = s.path("correlations");
            if (!c.isObject()) {
                continue;
            }
            for (JsonNode p : c.path("pairs")) {
                ObjectNode timed = MarketJson.mapper().createObjectNode()
                        .put("time", c.path("time").asLong());
                timed.setAll((ObjectNode) p);
                pairs.merge(p.path("pair").asText(), timed,
                        (a, b) -> a.path("time").asLong() > b.path("time").asLong() ? a : b);
            }
            if (s.path("timestamp").asLong() > latest) {
                latest = s.path("timestamp").asLong();
                out.set("leading_asset", c.get("leading_asset"));
                out.set("time", c.get("time"));
            }
        }
        out.putArray("pairs").addAll(pairs.values());
        return out;
    }

    /**
     * Events, newest first.
     *
     * @throws BadRequest for an unknown type or a since/limit that is not a number
     */
    ArrayNode events(String type, String symbol, String since, String limit)
            throws SQLException, IOException, BadRequest {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT data FROM market_events WHERE 1 = 1");
        if (type != null && !type.isEmpty()) {
            try {
                args.add(EventType.valueOf(type).name());
            } catch (IllegalArgumentException e) {
                throw new BadRequest("type '" + type + "': expected one of "
                        + Arrays.toString(EventType.values()));
            }
            sql.append(" AND event_type = ?");
        }
        if (symbol != null && !symbol.isEmpty()) {
            args.add(symbol);
            sql.append(" AND symbol = ?");
        }
        if (since != null && !since.isEmpty()) {
            args.add(number("since", since, "epoch milliseconds"));
            sql.append(" AND event_time >= ?");
        }
        long n = limit == null || limit.isEmpty() ? DEFAULT_LIMIT
                : number("limit", limit, "a count up to " + MAX_LIMIT);
        if (n < 1 || n > MAX_LIMIT) {
            throw new BadRequest("limit " + n + ": expected 1 to " + MAX_LIMIT);
        }
        sql.append(" ORDER BY event_time DESC, event_id LIMIT ").append(n);
        ArrayNode out = MarketJson.mapper().createArrayNode();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(MarketJson.mapper().readTree(rs.getString(1)));
                }
            }
        }
        return out;
    }

    /** What a standalone hub shows before any job sends: see {@link #lastKnownState}. */
    record LastKnownState(List<JsonNode> snapshots, List<JsonNode> candles,
            List<JsonNode> events, List<JsonNode> pairs) {}

    /**
     * The page's state as the database last knew it: per symbol the snapshots and 1h candles
     * of the week up to that symbol's newest (the week the page's charts span, measured in the
     * data's own time, not today's: a history run's data may be years old), the newest
     * {@code eventLimit} events, newest first, and every pair's correlation of the newest hour
     * in {@code pair_correlations} (see {@link #newestPairs}).
     */
    LastKnownState lastKnownState(long spanMs, int eventLimit)
            throws SQLException, IOException, BadRequest {
        List<JsonNode> snaps = new ArrayList<>();
        List<JsonNode> candles = new ArrayList<>();
        try (Connection c = connect()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT s.data FROM feature_snapshots "
                    + "s JOIN (SELECT symbol, MAX(snapshot_time) AS t FROM feature_snapshots "
                    + "GROUP BY symbol) m ON s.symbol = m.symbol AND s.snapshot_time > m.t - ? "
                    + "ORDER BY s.symbol, s.snapshot_time")) {
                ps.setLong(1, spanMs);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        snaps.add(MarketJson.mapper().readTree(rs.getString(1)));
                    }
                }
            }
            // "interval" qualified: PostgreSQL reads a bare interval followed by a string as
            // an interval literal.
            try (PreparedStatement ps = c.prepareStatement("SELECT c.symbol, c.open_time, "
                    + "c.close_time, c.open, c.high, c.low, c.close, c.volume, c.quote_volume, "
                    + "c.trades, c.taker_buy_base, c.taker_buy_quote, c.count, c.complete FROM "
                    + "candles c JOIN (SELECT symbol, MAX(open_time) AS t FROM candles x WHERE "
                    + "x.interval = ? GROUP BY symbol) m ON c.symbol = m.symbol AND c.interval = "
                    + "? AND c.open_time > m.t - ? ORDER BY c.symbol, c.open_time")) {
                ps.setString(1, "1h");
                ps.setString(2, "1h");
                ps.setLong(3, spanMs);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        candles.add(candle(rs));
                    }
                }
            }
        }
        List<JsonNode> events = new ArrayList<>();
        events(null, null, null, String.valueOf(eventLimit)).forEach(events::add);
        return new LastKnownState(snaps, candles, events, newestPairs());
    }

    /**
     * Every pair's correlation of the newest hour in {@code pair_correlations}, in the JSON form
     * of {@code HourlyPairCorrelation}: the newest hour only (found by the table's primary key;
     * 11,175 rows at 150 symbols), the snapshots holding the breaks and strongest pairs of
     * the hours before. Empty, said in the log, when the table cannot be read (a database
     * written before migration 4, which a job's JDBC sink applies, has none).
     */
    List<JsonNode> newestPairs() {
        try (Connection c = connect()) {
            return PairCorrelationRows.newestHour(c);
        } catch (SQLException e) {
            LOG.warn("pair correlations not read from the database ({}): the page shows the "
                    + "snapshots' pairs until the job sends", e.getMessage());
            return List.of();
        }
    }

    /** A 1h candle row in its JSON form (docs/json-formats.md, "Built candle"). */
    private static ObjectNode candle(ResultSet rs) throws SQLException {
        ObjectNode o = MarketJson.mapper().createObjectNode();
        o.put("symbol", rs.getString("symbol"));
        o.put("interval", "1h");
        o.put("open_time", rs.getLong("open_time"));
        o.put("close_time", rs.getLong("close_time"));
        for (String f : new String[] {"open", "high", "low", "close", "volume", "quote_volume"}) {
            o.put(f, decimal(rs.getString(f)));
        }
        o.put("trades", rs.getLong("trades"));
        o.put("taker_buy_base", decimal(rs.getString("taker_buy_base")));
        o.put("taker_buy_quote", decimal(rs.getString("taker_buy_quote")));
        o.put("count", rs.getInt("count"));
        o.put("complete", rs.getBoolean("complete"));
        return o;
    }

    /** An exact decimal as the JSON forms hold it: the plain decimal string. */
    private static String decimal(String stored) {
        return stored == null ? null : new BigDecimal(stored).toPlainString();
    }

    /** Whether the database answers; the reason when not. */
    String health() {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM feature_snapshots"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return "ok";
        } catch (SQLException e) {
            return "unavailable: " + e.getMessage();
        }
    }

    private static long number(String name, String value, String expected) throws BadRequest {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new BadRequest(name + " '" + value + "': expected " + expected);
        }
    }
}
