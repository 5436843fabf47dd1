package io.regimeflow.connectors.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and migrates the schema, idempotently: each numbered migration runs once and is recorded
 * in {@code schema_version}. Processes that migrate at the same time (restarts, two jobs on one
 * database) take turns and read the version inside their turn, so the second finds nothing left
 * to do. PostgreSQL: an advisory lock. SQLite: the file's {@link SqliteFileLock}, so that only one
 * connection at a time ever touches a file being created (concurrent first transactions on a new
 * file failed in sqlite-jdbc 3.49.1.0 with SQLITE_IOERR_DELETE_NOENT, and could crash the JVM),
 * then SQLite's own write lock.
 */
public final class SchemaMigrator {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

    /** A numbered DDL script under {@code db/migration/}. */
    record Migration(int version, String description, String resource) {}

    /** In order; append only: an applied migration is never edited. */
    static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "candles", "db/migration/V1__candles.sql"),
            new Migration(2, "snapshots and events", "db/migration/V2__snapshots_events.sql"),
            new Migration(3, "webhook logs and dead letters", "db/migration/V3__webhooks.sql"),
            new Migration(4, "pair correlations", "db/migration/V4__pair_correlations.sql"));

    /** Arbitrary, fixed: the PostgreSQL advisory lock that serialises migrations. */
    private static final long LOCK_ID = 0x7265_6769_6d65L;

    private SchemaMigrator() {}

    /** How long a SQLite migration waits for another holder of the file. */
    static final Duration SQLITE_PATIENCE = Duration.ofMinutes(1);

    /**
     * Brings the database at {@code settings} up to the latest schema version.
     *
     * @return the schema version now in the database
     * @throws SQLException when the database refuses a migration, or a SQLite file stays held by
     *     another run for {@link #SQLITE_PATIENCE} (then a {@link SqliteFileBusyException} is the
     *     cause)
     */
    public static int migrate(JdbcSettings settings) throws SQLException {
        Optional<Path> file = settings.sqliteFile();
        if (file.isEmpty()) {
            return migrateConnected(settings);
        }
        try (SqliteFileLock held = SqliteFileLock.acquire(file.get(), "schema migration",
                SQLITE_PATIENCE)) {
            return migrateConnected(settings);
        } catch (IOException e) {
            throw new SQLException("cannot take " + file.get() + " for the schema migration: "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for " + file.get(), e);
        }
    }

    private static int migrateConnected(JdbcSettings settings) throws SQLException {
        SqlDialect dialect = settings.dialect();
        try (Connection c = settings.connect(); Statement s = c.createStatement()) {
            if (dialect == SqlDialect.POSTGRESQL) {
                s.execute("SELECT pg_advisory_lock(" + LOCK_ID + ")");
                c.setAutoCommit(false);
            } else {
                enableWriteAheadLog(s);
                s.execute("BEGIN IMMEDIATE"); // takes SQLite's write lock now, not at first write
            }
            try {
                int version = migrateLocked(s, dialect);
                s.execute("COMMIT");
                return version;
            } catch (SQLException | RuntimeException e) {
                s.execute("ROLLBACK");
                throw e;
            } finally {
                if (dialect == SqlDialect.POSTGRESQL) {
                    c.setAutoCommit(true);
                    s.execute("SELECT pg_advisory_unlock(" + LOCK_ID + ")");
                }
            }
        }
    }

    /**
     * Readers and the single writer then do not block each other; it stays set in the file.
     * SQLite answers the switch with "busy" at once, without waiting its busy timeout, while
     * another connection holds a lock (a concurrent migration, a sink writing): it is retried
     * for up to a minute, as long as the busy timeout every connection has.
     */
    private static void enableWriteAheadLog(Statement s) throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (true) {
            try {
                s.execute("PRAGMA journal_mode=WAL");
                return;
            } catch (SQLException e) {
                if (!String.valueOf(e.getMessage()).contains("SQLITE_BUSY")
                        || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while switching to write-ahead logging", e);
            }
        }
    }

    private static int migrateLocked(Statement s, SqlDialect dialect) throws SQLException {
        s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                + "description TEXT NOT NULL, applied_at BIGINT NOT NULL)");
        int current;
        try (ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
            current = rs.next() ? rs.getInt(1) : 0;
        }
        for (Migration m : MIGRATIONS) {
            if (m.version() <= current) {
                continue;
            }
            try {
                for (String sql : statements(m, dialect)) {
                    s.execute(sql);
                }
            } catch (SQLException e) {
                throw new SQLException("schema migration " + m.version() + " ("
                        + m.description() + ") failed: " + e.getMessage(), e);
            }
            try (PreparedStatement ps = s.getConnection().prepareStatement(
                    "INSERT INTO schema_version (version, description, applied_at) "
                            + "VALUES (?, ?, ?)")) {
                ps.setInt(1, m.version());
                ps.setString(2, m.description());
                ps.setLong(3, System.currentTimeMillis());
                ps.executeUpdate();
            }
            LOG.info("applied schema migration {} ({})", m.version(), m.description());
            current = m.version();
        }
        return current;
    }

    private static List<String> statements(Migration m, SqlDialect dialect) {
        try (InputStream in = SchemaMigrator.class.getClassLoader()
                .getResourceAsStream(m.resource())) {
            if (in == null) {
                throw new IllegalStateException("migration script missing: " + m.resource());
            }
            String script = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("${decimal}", dialect.decimalType())
                    .replace("${json}", dialect.jsonType())
                    .replace("${identity}", dialect.identityType());
            // Comments go first: they may hold a ';'. The scripts have no '--' inside strings.
            return Arrays.stream(script.replaceAll("--[^\\n]*", "").split(";"))
                    .map(String::trim)
                    .filter(sql -> !sql.isEmpty())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
