package io.regimeflow.connectors.jdbc;

import java.io.Serializable;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;

/**
 * Where and how the JDBC sinks write.
 *
 * @param batchSize rows buffered per statement before a flush
 * @param batchIntervalMs longest time a row waits in the buffer (0: only size and checkpoints)
 * @param maxRetries retries of a failed batch before the job fails over
 */
public record JdbcSettings(String url, String username, String password, int batchSize,
        long batchIntervalMs, int maxRetries) implements Serializable {

    public SqlDialect dialect() {
        return SqlDialect.of(url);
    }

    /** Opens a connection outside Flink (schema migration, tests, the dashboard's queries). */
    public Connection connect() throws SQLException {
        Properties props = new Properties();
        if (username != null) {
            props.setProperty("user", username);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        return DriverManager.getConnection(dialect().connectionUrl(url), props);
    }

    /**
     * The database file of a SQLite URL, absolute and normalised, as SQLite opens it (a relative
     * name is relative to this process's working directory); empty for PostgreSQL and for an
     * in-memory SQLite database.
     */
    public Optional<Path> sqliteFile() {
        return sqliteFileName(url).map(f -> Path.of(f).toAbsolutePath().normalize());
    }

    /**
     * The file name in a SQLite URL as written ({@code jdbc:sqlite:<file>[?params]} or the URI
     * form {@code jdbc:sqlite:file:<file>[?params]}); empty for any other URL and for an
     * in-memory database.
     */
    public static Optional<String> sqliteFileName(String url) {
        if (url == null || !url.startsWith("jdbc:sqlite:")) {
            return Optional.empty();
        }
        String file = url.substring("jdbc:sqlite:".length());
        int query = file.indexOf('?');
        file = query < 0 ? file : file.substring(0, query);
        file = file.startsWith("file:") ? file.substring("file:".length()) : file;
        if (file.isEmpty() || file.equals(":memory:") || url.contains("mode=memory")) {
            return Optional.empty();
        }
        return Optional.of(file);
    }

    /** The URL with any password in it masked, for logs. */
    public String redactedUrl() {
        return maskPasswords(url);
    }

    /** {@code text} with the value of any {@code password=} parameter masked. */
    public static String maskPasswords(String text) {
        return text.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    @Override
    public String toString() {
        return "JdbcSettings[url=" + redactedUrl() + ", username=" + username
                + ", password=" + (password == null ? "null" : "***") + ", batchSize="
                + batchSize + ", batchIntervalMs=" + batchIntervalMs + ", maxRetries="
                + maxRetries + "]";
    }
}
