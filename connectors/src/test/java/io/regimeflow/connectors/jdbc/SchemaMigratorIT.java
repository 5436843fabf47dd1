package io.regimeflow.connectors.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.testkit.PostgresTestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Concurrent migrations of one database take turns; all end at the latest version. */
class SchemaMigratorIT {

    @TempDir
    Path dir;

    static void migrateConcurrently(JdbcSettings settings) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit((Callable<Integer>) () -> SchemaMigrator.migrate(
                        settings)));
            }
            for (Future<Integer> r : results) {
                assertThat(r.get()).isEqualTo(SchemaMigrator.MIGRATIONS.size());
            }
        } finally {
            pool.shutdownNow();
        }
        try (Connection c = settings.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM schema_version")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(SchemaMigrator.MIGRATIONS.size());
        }
    }

    /**
     * Four migrations at once of each of 150 new files. Creating a new SQLite file from several
     * connections at once failed now and then (SQLITE_IOERR_DELETE_NOENT, about 1 in 300 here,
     * and once a SIGBUS that took the JVM down) with sqlite-jdbc 3.49.1.0; the migration now
     * holds the file alone, so the race cannot happen whatever the driver.
     */
    @Test
    void concurrentMigrationsOfNewSqliteFiles() throws Exception {
        for (int i = 0; i < 150; i++) {
            migrateConcurrently(new JdbcSettings("jdbc:sqlite:" + dir.resolve("m" + i + ".db"),
                    null, null, 1, 0, 0));
        }
    }

    @Test
    void concurrentMigrationsOfOnePostgresDatabase() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
            migrateConcurrently(new JdbcSettings(db.url(), PostgresTestDatabase.USER, null, 1,
                    0, 0));
        }
    }
}
