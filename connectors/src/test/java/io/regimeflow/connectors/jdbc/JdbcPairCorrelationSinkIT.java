package io.regimeflow.connectors.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.model.BreakSeverity;
import io.regimeflow.model.HourlyPairCorrelation;
import io.regimeflow.testkit.FlinkTestEnvironment;
import io.regimeflow.testkit.PostgresTestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pair correlations upsert through Flink's JDBC sink, on a real SQLite file and a real
 * PostgreSQL: one row per (hour, pair), a replay rewrites it, nulls stay null.
 */
class JdbcPairCorrelationSinkIT {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = FlinkTestEnvironment.miniCluster();

    static final long H = 3_600_000L;
    static final long CLOSE = 1_704_067_200_000L + H - 1;

    @TempDir
    Path dir;

    /** Three hours of three pairs; the last hour's BTC~ETH in break. */
    static List<HourlyPairCorrelation> hours(double corr30d) {
        List<HourlyPairCorrelation> out = new ArrayList<>();
        String[][] pairs = {{"BTC/USDT", "ETH/USDT"}, {"BTC/USDT", "SOL/USDT"},
            {"ETH/USDT", "SOL/USDT"}};
        for (int h = 0; h < 3; h++) {
            for (String[] p : pairs) {
                boolean inBreak = h == 2 && p[1].equals("ETH/USDT");
                out.add(new HourlyPairCorrelation(CLOSE + h * H, p[0] + "~" + p[1], p[0], p[1],
                        h == 0 ? null : 0.2, corr30d, inBreak, inBreak ? 0.77 : null,
                        inBreak ? BreakSeverity.HIGH : null, inBreak ? 1 : 0,
                        h == 1 ? p[0] : null));
            }
        }
        return out;
    }

    static void write(JdbcSettings settings, List<HourlyPairCorrelation> rows) throws Exception {
        StreamExecutionEnvironment env = FlinkTestEnvironment.env(2);
        env.fromData(rows, TypeInformation.of(HourlyPairCorrelation.class)).uid("test-pairs")
                .sinkTo(JdbcSinks.pairCorrelations(settings)).uid("test-jdbc-sink");
        env.execute("jdbc-pair-correlations");
    }

    static void upsertsOneRowPerHourAndPair(JdbcSettings settings) throws Exception {
        assertThat(SchemaMigrator.migrate(settings)).isEqualTo(SchemaMigrator.MIGRATIONS.size());
        write(settings, hours(0.87));
        write(settings, hours(0.91)); // a replay after a restore: same keys, newer values

        try (Connection c = settings.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT close_time) "
                    + "FROM pair_correlations")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(9);
                assertThat(rs.getInt(2)).isEqualTo(3);
            }
            try (ResultSet rs = s.executeQuery("SELECT symbol_a, symbol_b, corr_7d, corr_30d, "
                    + "in_break, corr_drop, break_severity, duration_hours, leader "
                    + "FROM pair_correlations WHERE pair = 'BTC/USDT~ETH/USDT' "
                    + "AND close_time = " + (CLOSE + 2 * H))) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("BTC/USDT");
                assertThat(rs.getString(2)).isEqualTo("ETH/USDT");
                assertThat(rs.getDouble(3)).isEqualTo(0.2);
                assertThat(rs.getDouble(4)).isEqualTo(0.91);
                assertThat(rs.getBoolean(5)).isTrue();
                assertThat(rs.getDouble(6)).isEqualTo(0.77);
                assertThat(rs.getString(7)).isEqualTo("HIGH");
                assertThat(rs.getInt(8)).isEqualTo(1);
                assertThat(rs.getString(9)).isNull();
            }
            try (ResultSet rs = s.executeQuery("SELECT corr_7d, corr_drop, break_severity, "
                    + "leader FROM pair_correlations WHERE pair = 'ETH/USDT~SOL/USDT' "
                    + "AND close_time = " + CLOSE)) {
                assertThat(rs.next()).isTrue();
                rs.getDouble(1);
                assertThat(rs.wasNull()).isTrue();
                rs.getDouble(2);
                assertThat(rs.wasNull()).isTrue();
                assertThat(rs.getString(3)).isNull();
                assertThat(rs.getString(4)).isNull();
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM pair_correlations "
                    + "WHERE leader = 'ETH/USDT'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        }
    }

    @Test
    void sqliteFile() throws Exception {
        upsertsOneRowPerHourAndPair(new JdbcSettings("jdbc:sqlite:" + dir.resolve("rf.db"), null,
                null, 100, 200, 3));
    }

    @Test
    void postgresql() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
            upsertsOneRowPerHourAndPair(new JdbcSettings(db.url(), PostgresTestDatabase.USER,
                    null, 100, 200, 3));
        }
    }
}
