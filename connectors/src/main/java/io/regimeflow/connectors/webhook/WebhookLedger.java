package io.regimeflow.connectors.webhook;

import io.regimeflow.connectors.jdbc.JdbcSettings;
import io.regimeflow.connectors.jdbc.SqlDialect;
import io.regimeflow.model.MarketJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every attempt in {@code webhook_logs} and every event given up on in
 * {@code webhook_dead_letters} (with the whole event, to resend by hand), and logs both. URLs
 * are masked everywhere. Without a database (JDBC sink off) only the log has them.
 */
final class WebhookLedger implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookLedger.class);

    private final JdbcSettings jdbc;
    private Connection connection;
    private boolean closed;

    WebhookLedger(JdbcSettings jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One attempt's row in {@code webhook_logs}.
     *
     * @param attempt the attempt's number (429s included); 0 for a STALE row
     * @param latencyMs how long the receiver took to answer, or to fail
     * @param atMs when the attempt ended, UTC epoch milliseconds
     */
    record Attempt(WebhookTarget target, PendingDelivery delivery, int attempt,
            DeliveryOutcome outcome, long latencyMs, long atMs) {
        boolean ok() {
            return outcome.result() == DeliveryOutcome.Result.DELIVERED;
        }
    }

    /**
     * Logs the attempts and writes their rows in one transaction: one wait for the database's
     * write lock however many alerts went out meanwhile.
     */
    synchronized void attempts(List<Attempt> batch) throws SQLException {
        for (Attempt a : batch) {
            PendingDelivery d = a.delivery();
            if (a.ok()) {
                LOG.debug("webhook {} got {} (attempt {}, {} ms)", a.target().name(),
                        d.event().eventId(), a.attempt(), a.latencyMs());
            } else {
                LOG.warn("webhook {} ({}) did not take {} {} (attempt {}, {} ms): {}",
                        a.target().name(), a.target().maskedUrl(), d.event().eventType(),
                        d.event().eventId(), a.attempt(), a.latencyMs(), a.outcome().detail());
            }
        }
        insert(batch);
    }

    /**
     * Records an event not posted because it was older than the target's max-age: a row with
     * attempt 0 and outcome STALE, and a debug line (a backfill has thousands; the writer says
     * it once).
     */
    synchronized void stale(WebhookTarget target, PendingDelivery d, String why, long atMs)
            throws SQLException {
        LOG.debug("webhook {}: {} {} not posted: {}", target.name(), d.event().eventType(),
                d.event().eventId(), why);
        insert(List.of(new Attempt(target, d, 0,
                new DeliveryOutcome(DeliveryOutcome.Result.STALE, 0, 0, why), 0, atMs)));
    }

    private void insert(List<Attempt> batch) throws SQLException {
        if (jdbc == null || batch.isEmpty()) {
            return;
        }
        Connection c = connection();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO webhook_logs "
                + "(target, webhook_url, event_id, event_type, attempt, success, outcome, "
                + "response_code, latency_ms, detail, logged_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            c.setAutoCommit(false);
            for (Attempt a : batch) {
                ps.setString(1, a.target().name());
                ps.setString(2, a.target().maskedUrl());
                ps.setString(3, a.delivery().event().eventId());
                ps.setString(4, a.delivery().event().eventType().name());
                ps.setInt(5, a.attempt());
                ps.setBoolean(6, a.ok());
                ps.setString(7, a.outcome().result().name());
                if (a.outcome().status() == 0) {
                    ps.setNull(8, Types.INTEGER);
                } else {
                    ps.setInt(8, a.outcome().status());
                }
                ps.setLong(9, a.latencyMs());
                ps.setString(10, a.outcome().detail());
                ps.setLong(11, a.atMs());
                ps.addBatch();
            }
            ps.executeBatch();
            c.commit();
            c.setAutoCommit(true);
        } catch (SQLException | RuntimeException e) {
            reset(); // a new connection next time: this one may be mid-transaction
            throw e;
        }
    }

    synchronized void deadLetter(String targetName, String maskedUrl, PendingDelivery d,
            String reason, long atMs) throws SQLException {
        LOG.error("webhook {} ({}): gave up on {} {} of {} after {} attempts: {}; it is in "
                + "webhook_dead_letters", targetName, maskedUrl, d.event().eventType(),
                d.event().eventId(), d.event().symbol(), d.attempts(), reason);
        if (jdbc == null) {
            return;
        }
        SqlDialect dialect = jdbc.dialect();
        try (PreparedStatement ps = connection().prepareStatement("INSERT INTO "
                + "webhook_dead_letters (target, event_id, webhook_url, attempts, reason, event, "
                + "failed_at) VALUES (?, ?, ?, ?, ?, " + dialect.jsonParameter() + ", ?) "
                + "ON CONFLICT (target, event_id) DO UPDATE SET webhook_url = "
                + "excluded.webhook_url, attempts = excluded.attempts, reason = excluded.reason, "
                + "event = excluded.event, failed_at = excluded.failed_at")) {
            ps.setString(1, targetName);
            ps.setString(2, d.event().eventId());
            ps.setString(3, maskedUrl);
            ps.setInt(4, d.attempts());
            ps.setString(5, reason);
            ps.setString(6, MarketJson.write(d.event()));
            ps.setLong(7, atMs);
            ps.executeUpdate();
        } catch (SQLException e) {
            reset();
            throw e;
        }
    }

    private Connection connection() throws SQLException {
        if (closed) {
            throw new SQLException("the webhook ledger is closed");
        }
        if (connection == null) {
            connection = jdbc.connect();
        }
        return connection;
    }

    /** After a failure the connection may be dead: the next write opens a new one. */
    private void reset() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // It is being replaced.
        } finally {
            connection = null;
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        closed = true;
        if (connection != null) {
            try {
                connection.close();
            } finally {
                connection = null;
            }
        }
    }
}
