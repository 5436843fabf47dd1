package io.regimeflow.connectors.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.regimeflow.model.BuiltCandle;
import io.regimeflow.model.Timeframe;
import io.regimeflow.testkit.FlinkTestEnvironment;
import io.regimeflow.testkit.PostgresTestDatabase;
import java.math.BigDecimal;
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

/** The candle upsert through Flink's JDBC sink, on a real SQLite file and a real PostgreSQL. */
class JdbcCandleSinkIT {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = FlinkTestEnvironment.miniCluster();

    @TempDir
    Path dir;

    static List<BuiltCandle> candles(String closeOfFirst, int n) {
        List<BuiltCandle> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long open = 1_704_067_200_000L + i * 3_600_000L;
            out.add(new BuiltCandle(i % 2 == 0 ? "BTC/USDT" : "ETH/USDT", Timeframe.H1, open,
                    open + 3_599_999L, new BigDecimal("42000.01"), new BigDecimal("42100.5"),
                    new BigDecimal("41900.12345678"),
                    new BigDecimal(i == 0 ? closeOfFirst : "42050.00"),
                    new BigDecimal("12.34567891"), new BigDecimal("518518.12345678"), 1234,
                    new BigDecimal("6.1"), new BigDecimal("256000.5"), 60 - (i % 3), i % 3 == 0));
        }
        return out;
    }

    static void write(JdbcSettings settings, List<BuiltCandle> rows) throws Exception {
        StreamExecutionEnvironment env = FlinkTestEnvironment.env(2);
        env.fromData(rows, TypeInformation.of(BuiltCandle.class)).uid("test-candles")
                .sinkTo(JdbcSinks.candles(settings)).uid("test-jdbc-sink");
        env.execute("jdbc-candles");
    }

    static void upsertsWithoutDuplicatesAndKeepsDecimalsExact(JdbcSettings settings)
            throws Exception {
        int latest = SchemaMigrator.MIGRATIONS.size();
        assertThat(SchemaMigrator.migrate(settings)).isEqualTo(latest);
        assertThat(SchemaMigrator.migrate(settings)).isEqualTo(latest);

        write(settings, candles("42050.00", 50));
        write(settings, candles("43000.987654321", 50));

        try (Connection c = settings.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM candles")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(50);
            }
            try (ResultSet rs = s.executeQuery("SELECT close, low, count, complete, interval "
                    + "FROM candles WHERE symbol = 'BTC/USDT' AND open_time = 1704067200000")) {
                assertThat(rs.next()).isTrue();
                assertThat(new BigDecimal(rs.getString(1))).isEqualByComparingTo(
                        "43000.987654321");
                assertThat(new BigDecimal(rs.getString(2))).isEqualByComparingTo(
                        "41900.12345678");
                assertThat(rs.getInt(3)).isEqualTo(60);
                assertThat(rs.getBoolean(4)).isTrue();
                assertThat(rs.getString(5)).isEqualTo("1h");
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM schema_version")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(latest);
            }
        }

        // A partial candle (a run that ended inside the window) never replaces a fuller one.
        BuiltCandle full = candles("43000.987654321", 1).get(0);
        BuiltCandle partial = new BuiltCandle(full.symbol(), full.interval(), full.openTime(),
                full.closeTime(), full.open(), full.high(), full.low(), new BigDecimal("1"),
                full.volume(), full.quoteVolume(), full.trades(), full.takerBuyBase(),
                full.takerBuyQuote(), 30, false);
        write(settings, List.of(partial));
        try (Connection c = settings.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT close, count FROM candles WHERE "
                        + "symbol = 'BTC/USDT' AND open_time = 1704067200000")) {
            rs.next();
            assertThat(new BigDecimal(rs.getString(1))).isEqualByComparingTo("43000.987654321");
            assertThat(rs.getInt(2)).isEqualTo(60);
        }
    }

    @Test
    void sqliteFile() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("regimeflow.db");
        upsertsWithoutDuplicatesAndKeepsDecimalsExact(
                new JdbcSettings(url, null, null, 100, 200, 3));
    }

    @Test
    void postgresql() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
            JdbcSettings settings = new JdbcSettings(db.url(), PostgresTestDatabase.USER, null,
                    100, 200, 3);
            upsertsWithoutDuplicatesAndKeepsDecimalsExact(settings);
            try (Connection c = db.connect(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT data_type FROM information_schema."
                            + "columns WHERE table_name = 'candles' AND column_name = 'close'")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("numeric");
            }
        }
    }

    @Test
    void anUnsupportedUrlIsRejectedWithWhatIsExpected() {
        assertThatThrownBy(() -> SqlDialect.of("jdbc:mysql://localhost/x"))
                .hasMessageContaining("jdbc:mysql://localhost/x")
                .hasMessageContaining("jdbc:sqlite:<file> or jdbc:postgresql://");
    }

    @Test
    void passwordsNeverReachTheLogForm() {
        JdbcSettings s = new JdbcSettings("jdbc:postgresql://db/x?user=a&password=hunter2", "a",
                "hunter2", 1, 0, 0);
        assertThat(s.toString()).doesNotContain("hunter2");
    }
}
