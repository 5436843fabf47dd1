package io.regimeflow.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh database on the real PostgreSQL server at 127.0.0.1:5432 (trust auth, user postgres),
 * dropped on close, so tests never see each other's rows.
 */
public final class PostgresTestDatabase implements AutoCloseable {

    public static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    public static final String USER = "postgres";

    private final String name;

    private PostgresTestDatabase(String name) {
        this.name = name;
    }

    /** Creates an empty database; fails with instructions when the server is down. */
    public static PostgresTestDatabase create() {
        String name = "rf_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(SERVER + "test", USER, "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL is not reachable at 127.0.0.1:5432 ("
                    + e.getMessage() + "); start it with: pg_ctlcluster "
                    + "--skip-systemctl-redirect $(ls /etc/postgresql) main start", e);
        }
        return new PostgresTestDatabase(name);
    }

    public String url() {
        return SERVER + name;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), USER, "");
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + "test", USER, "");
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
