package io.regimeflow.connectors.jdbc;

import io.regimeflow.model.FeatureSnapshot;
import io.regimeflow.model.MarketJson;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;

/** Writes an hourly snapshot keyed by (symbol, snapshot_time): replays rewrite the same row. */
public final class SnapshotUpsert implements JdbcStatementBuilder<FeatureSnapshot> {
    private static final long serialVersionUID = 1L;

    static String sql(SqlDialect dialect) {
        return "INSERT INTO feature_snapshots (symbol, snapshot_time, data) VALUES (?, ?, "
                + dialect.jsonParameter() + ") ON CONFLICT (symbol, snapshot_time) DO UPDATE "
                + "SET data = excluded.data";
    }

    @Override
    public void accept(PreparedStatement ps, FeatureSnapshot s) throws SQLException {
        ps.setString(1, s.symbol());
        ps.setLong(2, s.timestamp());
        ps.setString(3, MarketJson.write(s));
    }
}
