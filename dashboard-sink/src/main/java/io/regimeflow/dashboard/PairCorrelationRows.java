package io.regimeflow.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.regimeflow.model.MarketJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows of the {@code pair_correlations} table (the JDBC sink's, migration 4) read back into the
 * JSON form of {@code HourlyPairCorrelation} (docs/json-formats.md): the column
 * {@code close_time} is {@code time}, {@code corr_drop} is {@code drop}.
 */
final class PairCorrelationRows {
    private PairCorrelationRows() {}

    /**
     * Every pair of the newest hour in the table (found by its primary key: 11,175 rows at 150
     * symbols), in pair order; empty when the table is.
     *
     * @throws SQLException when the table cannot be read (a database without migration 4)
     */
    static List<JsonNode> newestHour(Connection c) throws SQLException {
        List<JsonNode> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT close_time, pair, symbol_a, "
                + "symbol_b, corr_7d, corr_30d, in_break, corr_drop, break_severity, "
                + "duration_hours, leader FROM pair_correlations WHERE close_time = (SELECT "
                + "MAX(close_time) FROM pair_correlations) ORDER BY pair");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ObjectNode o = MarketJson.mapper().createObjectNode();
                o.put("time", rs.getLong("close_time"));
                o.put("pair", rs.getString("pair"));
                o.put("symbol_a", rs.getString("symbol_a"));
                o.put("symbol_b", rs.getString("symbol_b"));
                o.put("corr_7d", nullableDouble(rs, "corr_7d"));
                o.put("corr_30d", nullableDouble(rs, "corr_30d"));
                o.put("in_break", rs.getBoolean("in_break"));
                o.put("drop", nullableDouble(rs, "corr_drop"));
                o.put("break_severity", rs.getString("break_severity"));
                o.put("duration_hours", rs.getInt("duration_hours"));
                o.put("leader", rs.getString("leader"));
                out.add(o);
            }
        }
        return out;
    }

    private static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
