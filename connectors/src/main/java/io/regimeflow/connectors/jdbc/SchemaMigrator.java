package io.regimeflow.connectors.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and migrates the schema, idempotently: each numbered migration runs once, in its own
 * transaction, and is recorded in {@code schema_version}. Running it again (a second start, a
 * second job on the same database) changes nothing.
 */
public final class SchemaMigrator {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

    /** A numbered DDL script under {@code db/migration/}. */
    record Migration(int version, String description, String resource) {}

    /** In order; append only: an applied migration is never edited. */
    static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "candles", "db/migration/V1__candles.sql"));

    private SchemaMigrator() {}

    /** Brings the database at {@code settings} up to the latest schema version. */
    public static int migrate(JdbcSettings settings) throws SQLException {
        SqlDialect dialect = settings.dialect();
        try (Connection c = settings.connect()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                        + "version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
                        + "applied_at BIGINT NOT NULL)");
            }
            int current = currentVersion(c);
            for (Migration m : MIGRATIONS) {
                if (m.version() <= current) {
                    continue;
                }
                apply(c, dialect, m);
                current = m.version();
            }
            return current;
        }
    }

    private static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static void apply(Connection c, SqlDialect dialect, Migration m) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (String sql : statements(m, dialect)) {
                s.execute(sql);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO schema_version (version, description, applied_at) "
                            + "VALUES (?, ?, ?)")) {
                ps.setInt(1, m.version());
                ps.setString(2, m.description());
                ps.setLong(3, System.currentTimeMillis());
                ps.executeUpdate();
            }
            c.commit();
            LOG.info("applied schema migration {} ({})", m.version(), m.description());
        } catch (SQLException e) {
            c.rollback();
            throw new SQLException("schema migration " + m.version() + " (" + m.description()
                    + ") failed: " + e.getMessage(), e);
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static List<String> statements(Migration m, SqlDialect dialect) {
        try (InputStream in = SchemaMigrator.class.getClassLoader()
                .getResourceAsStream(m.resource())) {
            if (in == null) {
                throw new IllegalStateException("migration script missing: " + m.resource());
            }
            String script = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("${decimal}", dialect.decimalType());
            return java.util.Arrays.stream(script.split(";"))
                    .map(sql -> sql.replaceAll("(?m)^\\s*--.*$", "").trim())
                    .filter(sql -> !sql.isEmpty())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
