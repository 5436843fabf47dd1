package io.regimeflow.connectors.jdbc;

import io.regimeflow.model.HourlyPairCorrelation;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;

/** Writes a pair's hourly correlation keyed by (close_time, pair): replays rewrite the row. */
public final class PairCorrelationUpsert implements JdbcStatementBuilder<HourlyPairCorrelation> {
    private static final long serialVersionUID = 1L;

    static final String SQL = "INSERT INTO pair_correlations (close_time, pair, symbol_a, "
            + "symbol_b, corr_7d, corr_30d, in_break, corr_drop, break_severity, "
            + "duration_hours, leader) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (close_time, pair) DO UPDATE SET symbol_a = excluded.symbol_a, "
            + "symbol_b = excluded.symbol_b, corr_7d = excluded.corr_7d, "
            + "corr_30d = excluded.corr_30d, in_break = excluded.in_break, "
            + "corr_drop = excluded.corr_drop, break_severity = excluded.break_severity, "
            + "duration_hours = excluded.duration_hours, leader = excluded.leader";

    @Override
    public void accept(PreparedStatement ps, HourlyPairCorrelation p) throws SQLException {
        ps.setLong(1, p.time());
        ps.setString(2, p.pair());
        ps.setString(3, p.symbolA());
        ps.setString(4, p.symbolB());
        setDouble(ps, 5, p.corr7d());
        setDouble(ps, 6, p.corr30d());
        ps.setBoolean(7, p.inBreak());
        setDouble(ps, 8, p.drop());
        ps.setString(9, p.breakSeverity() == null ? null : p.breakSeverity().name());
        ps.setInt(10, p.durationHours());
        ps.setString(11, p.leader());
    }

    private static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.DOUBLE);
        } else {
            ps.setDouble(i, v);
        }
    }
}
