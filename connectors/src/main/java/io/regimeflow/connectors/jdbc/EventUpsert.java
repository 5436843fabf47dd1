package io.regimeflow.connectors.jdbc;

import io.regimeflow.model.MarketEvent;
import io.regimeflow.model.MarketJson;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;

/** Writes an event keyed by its deterministic id: a replayed event rewrites its row. */
public final class EventUpsert implements JdbcStatementBuilder<MarketEvent> {
    private static final long serialVersionUID = 1L;

    static String sql(SqlDialect dialect) {
        return "INSERT INTO market_events (event_id, event_type, symbol, severity, title, "
                + "description, event_time, data) VALUES (?, ?, ?, ?, ?, ?, ?, "
                + dialect.jsonParameter() + ") ON CONFLICT (event_id) DO UPDATE SET "
                + "event_type = excluded.event_type, symbol = excluded.symbol, "
                + "severity = excluded.severity, title = excluded.title, "
                + "description = excluded.description, event_time = excluded.event_time, "
                + "data = excluded.data";
    }

    @Override
    public void accept(PreparedStatement ps, MarketEvent e) throws SQLException {
        ps.setString(1, e.eventId());
        ps.setString(2, e.eventType().name());
        ps.setString(3, e.symbol());
        ps.setString(4, e.severity().name());
        ps.setString(5, e.title());
        ps.setString(6, e.description());
        ps.setLong(7, e.eventTime());
        ps.setString(8, MarketJson.write(e));
    }
}
