package io.regimeflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.regimeflow.model.MarketJson;
import io.regimeflow.testkit.FakeWebhookReceiver;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The savepoint a user of the old layout holds (commit bb55562, before the exchange source left
 * {@code connectors.binance} and before the pair work was sharded), and what a restore of it on
 * this build must write. How it was made, and what the old run had written when it was taken,
 * is in {@code src/test/resources/savepoints/old-layout/}.
 *
 * <p>The old run, FlinkClusterIT's 14 simulated days with a webhook receiver that failed every
 * delivery, was stopped after it had written every candle and snapshot up to
 * {@link #WRITTEN_UNTIL} and 3 funding anomalies whose deliveries were still pending.
 */
final class OldLayoutSavepoint {

    /** The last millisecond of 2024-01-07: the old run's last candle closed then. */
    static final long WRITTEN_UNTIL = 1_704_671_999_999L;
    /** The funding anomalies the old run wrote (and could not deliver) before the stop. */
    static final int OLD_FUNDING_ANOMALIES = 3;
    /** The newest of them: 2024-01-08T08:00Z, a settlement (ahead of the candles). */
    static final long OLD_EVENTS_UNTIL = 1_704_700_800_000L;

    private OldLayoutSavepoint() {}

    /** The savepoint's folder, as {@code flink run -s} takes it. */
    static Path path() throws URISyntaxException {
        return Path.of(OldLayoutSavepoint.class.getResource(
                "/savepoints/old-layout/savepoint-959c1d-161b21006cfd").toURI());
    }

    /**
     * The restored run wrote exactly what an undisturbed run of this build writes after the
     * savepoint, and nothing from before it: candles and events equal, snapshots equal but for
     * their correlations (the old pair state is dropped and re-warms: README, upgrade notes).
     */
    static void assertCarriesOn(Connection reference, Connection restored) throws Exception {
        String candlesAfter = "SELECT * FROM candles WHERE close_time > " + WRITTEN_UNTIL
                + " ORDER BY symbol, interval, open_time";
        List<List<String>> expectedCandles = TableRows.of(reference, candlesAfter);
        assertThat(expectedCandles).as("the reference's candles after the savepoint").hasSize(
                3 * (24 * 7 + 6 * 7 + 7 + 1));
        assertThat(TableRows.of(restored, "SELECT * FROM candles ORDER BY symbol, interval, "
                + "open_time")).as("candles").isEqualTo(expectedCandles);

        String snapshots = "SELECT symbol, snapshot_time, data FROM feature_snapshots "
                + "WHERE snapshot_time > %d ORDER BY symbol, snapshot_time";
        // A snapshot's time is its hour's end: the old run wrote the one of WRITTEN_UNTIL + 1.
        List<List<String>> expectedSnapshots = withoutCorrelations(
                TableRows.of(reference, snapshots.formatted(WRITTEN_UNTIL + 1)));
        assertThat(expectedSnapshots).hasSize(3 * 24 * 7);
        assertThat(withoutCorrelations(TableRows.of(restored, snapshots.formatted(0))))
                .as("snapshots (volatility, trend and funding state restored)")
                .isEqualTo(expectedSnapshots);

        List<List<String>> restoredEvents = events(restored);
        assertThat(events(reference)).as("events but correlation breaks")
                .containsAll(restoredEvents);
        List<List<String>> old = new ArrayList<>(events(reference));
        old.removeAll(restoredEvents);
        assertThat(old).as("the events the restored run did not write: the old run's")
                .hasSize(OLD_FUNDING_ANOMALIES).allSatisfy(e -> {
                    assertThat(e.get(1)).isEqualTo("FUNDING_ANOMALY");
                    assertThat(Long.parseLong(e.get(6))).isLessThanOrEqualTo(OLD_EVENTS_UNTIL);
                });
    }

    /**
     * The pair state of the old layout is dropped: the first hour after the restore has no
     * {@code corr_7d} for any pair, where the undisturbed run has one for every pair.
     */
    static void assertPairStateRewarms(Connection reference, Connection restored)
            throws Exception {
        String firstHour = "SELECT pair, corr_7d IS NULL FROM pair_correlations WHERE close_time"
                + " = (SELECT MIN(close_time) FROM pair_correlations WHERE close_time > "
                + WRITTEN_UNTIL + ") ORDER BY pair";
        List<List<String>> pairs = TableRows.of(restored, firstHour);
        assertThat(pairs).hasSize(3);
        assertThat(pairs).allSatisfy(p -> assertThat(p.get(1)).as(p.get(0)).isEqualTo("t"));
        assertThat(TableRows.of(reference, firstHour))
                .allSatisfy(p -> assertThat(p.get(1)).as(p.get(0)).isEqualTo("f"));
    }

    /**
     * The deliveries pending in the savepoint reached the new receiver: every event of the
     * restored run and the old run's undelivered funding anomalies, each under its own id.
     */
    static void assertPendingDeliveriesDelivered(Connection reference, Connection restored,
            FakeWebhookReceiver hooks, String path) throws Exception {
        Set<String> expected = new TreeSet<>();
        TableRows.of(restored, "SELECT event_id FROM market_events")
                .forEach(r -> expected.add(r.get(0)));
        List<String> old = new ArrayList<>();
        TableRows.of(reference, "SELECT event_id FROM market_events")
                .forEach(e -> old.add(e.get(0)));
        old.removeAll(expected);
        assertThat(old).hasSize(OLD_FUNDING_ANOMALIES);
        expected.addAll(old);
        Set<String> delivered = new TreeSet<>();
        for (FakeWebhookReceiver.Received r : hooks.accepted(path)) {
            delivered.add(r.header("Idempotency-Key"));
        }
        assertThat(delivered).as("delivered, the old run's pending " + old + " among them")
                .isEqualTo(expected);
    }

    private static List<List<String>> events(Connection c) throws Exception {
        return TableRows.of(c, "SELECT * FROM market_events WHERE event_type <> "
                + "'CORRELATION_BREAK' ORDER BY event_id");
    }

    private static List<List<String>> withoutCorrelations(List<List<String>> rows)
            throws Exception {
        List<List<String>> out = new ArrayList<>();
        for (List<String> row : rows) {
            JsonNode data = MarketJson.mapper().readTree(row.get(2));
            ((ObjectNode) data).remove("correlations");
            out.add(List.of(row.get(0), row.get(1), data.toString()));
        }
        return out;
    }
}
