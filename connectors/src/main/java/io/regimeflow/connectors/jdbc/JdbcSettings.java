package io.regimeflow.connectors.jdbc;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
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
