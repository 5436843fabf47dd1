package io.regimeflow.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimeflow.connectors.jdbc.CandleUpsert;
import io.regimeflow.connectors.jdbc.JdbcSettings;
import io.regimeflow.connectors.jdbc.SchemaMigrator;
import io.regimeflow.model.BuiltCandle;
import io.regimeflow.model.HourlyPairCorrelation;
import io.regimeflow.model.Timeframe;
import io.regimeflow.model.MarketJson;
import io.regimeflow.testkit.Await;
import io.regimeflow.testkit.PostgresTestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.math.BigDecimal;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hub against a real PostgreSQL database and real WebSocket clients on loopback. */
class DashboardHubIT {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    /** How long a websocket handshake may take: {@link Await#PATIENT}, in seconds. */
    static final long PATIENT_S = Await.PATIENT.toSeconds();
    static final long H = 3_600_000L;
    static final long T0 = 1_704_067_200_000L;

    static String snapshot(String symbol, long t, String regime, double z) {
        return "{\"timestamp\":" + t + ",\"symbol\":\"" + symbol + "\",\"cascades\":null,"
                + "\"funding\":{\"z_score\":" + z + "},\"volatility\":{\"vol_regime\":\""
                + regime + "\",\"vol_ratio\":1.2},\"regimes\":null,\"correlations\":{\"time\":"
                + t + ",\"pairs\":[{\"pair\":\"BTC/USDT~ETH/USDT\",\"corr_7d\":0.4,"
                + "\"in_break\":false}],\"leading_asset\":\"BTC/USDT\",\"lagging_assets\":[]}}";
    }

    static String event(String id, String type, String symbol, long t) {
        return "{\"event_id\":\"" + id + "\",\"event_type\":\"" + type + "\",\"symbol\":\""
                + symbol + "\",\"severity\":\"CRITICAL\",\"title\":\"t\",\"description\":"
                + "\"<script>alert(1)</script>\",\"event_time\":" + t + ",\"data\":{}}";
    }

    static void fill(PostgresTestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO feature_snapshots "
                    + "(symbol, snapshot_time, data) VALUES (?, ?, CAST(? AS JSONB))")) {
                for (int h = 1; h <= 3; h++) {
                    for (String s : List.of("BTC/USDT", "ETH/USDT")) {
                        ps.setString(1, s);
                        ps.setLong(2, T0 + h * H);
                        ps.setString(3, snapshot(s, T0 + h * H, h == 3 ? "EXTREME" : "STABLE",
                                h));
                        ps.addBatch();
                    }
                }
                ps.executeBatch();
            }
            insertThreeEvents(c, "CAST(? AS JSONB)");
        }
    }

    static HttpResponse<String> get(DashboardHub hub, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(hub.url().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return MarketJson.mapper().readTree(r.body());
    }

    @Test
    void restServesTheHistoryFromTheDatabaseAndRefusesBadQueries() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
            SchemaMigrator.migrate(new JdbcSettings(db.url(), PostgresTestDatabase.USER, null,
                    1, 0, 0));
            fill(db);
            try (DashboardHub hub = DashboardHub.start(new HubSettings("127.0.0.1", 0, null,
                    db.url(), PostgresTestDatabase.USER, null))) {
                JsonNode features = json(get(hub, "/api/features"));
                assertThat(features).hasSize(2);
                assertThat(features.get(0).path("symbol").asText()).isEqualTo("BTC/USDT");
                assertThat(features.get(0).path("timestamp").asLong()).isEqualTo(T0 + 3 * H);
                JsonNode vol = json(get(hub, "/api/volatility"));
                assertThat(vol.get(1).path("volatility").path("vol_regime").asText())
                        .isEqualTo("EXTREME");
                assertThat(json(get(hub, "/api/cascades")).get(0).has("cascades")).isTrue();
                JsonNode corr = json(get(hub, "/api/correlation"));
                assertThat(corr.path("pairs")).hasSize(1);
                assertThat(corr.path("leading_asset").asText()).isEqualTo("BTC/USDT");

                JsonNode events = json(get(hub, "/api/events?type=LIQUIDATION_CASCADE"));
                assertThat(events).extracting(e -> e.path("event_id").asText())
                        .containsExactly("e3", "e1");
                assertThat(json(get(hub, "/api/events?symbol=BTC%2FUSDT&since="
                        + (T0 + 2 * H)))).extracting(e -> e.path("event_id").asText())
                        .containsExactly("e2");
                assertThat(json(get(hub, "/api/events?limit=1"))).hasSize(1);

                HttpResponse<String> bad = get(hub, "/api/events?type=CASCADE");
                assertThat(bad.statusCode()).isEqualTo(400);
                assertThat(json(bad).path("error").asText()).startsWith("type 'CASCADE'");
                assertThat(get(hub, "/api/events?since=yesterday").statusCode()).isEqualTo(400);
                assertThat(get(hub, "/api/nothing").statusCode()).isEqualTo(404);

                JsonNode health = json(get(hub, "/health"));
                assertThat(health.path("database").asText()).isEqualTo("ok");

                HttpResponse<String> page = get(hub, "/");
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                        .contains("script-src 'self'");
                assertThat(get(hub, "/vendor/uPlot.iife.min.js").body()).contains("uPlot");
                HttpResponse<String> icon = get(hub, "/favicon.svg");
                assertThat(icon.statusCode()).isEqualTo(200);
                assertThat(icon.headers().firstValue("Content-Type").orElseThrow())
                        .isEqualTo("image/svg+xml");
                assertThat(icon.body()).startsWith("<svg");
                assertThat(get(hub, "/favicon.ico").statusCode()).isEqualTo(200);
            }
        }
    }

    /** Collects the text messages a WebSocket receives. */
    static final class Collect implements WebSocket.Listener {
        final List<String> messages = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }

    static void await(List<String> messages, int n) throws Exception {
        Await.until(n + " messages", () -> messages.size() >= n,
                () -> messages.size() + " messages: " + messages);
    }

    @Test
    void ingestNeedsTheTokenAndBrowsersGetTheStateThenUpdates() throws Exception {
        try (DashboardHub hub = DashboardHub.start(new HubSettings("127.0.0.1", 0, "s3cret",
                null, null, null))) {
            URI ingest = hub.ingestUrl();
            assertThatThrownBy(() -> HTTP.newWebSocketBuilder()
                    .buildAsync(ingest, new Collect()).get(PATIENT_S, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).rootCause().hasMessageContaining("401");
            WebSocket feed = HTTP.newWebSocketBuilder().header("Authorization", "Bearer s3cret")
                    .buildAsync(ingest, new Collect()).get(PATIENT_S, TimeUnit.SECONDS);
            feed.sendText("{\"kind\":\"snapshot\",\"data\":" + snapshot("BTC/USDT", T0 + H,
                    "STABLE", 1) + "}", true).get();
            feed.sendText("{\"kind\":\"tick\",\"data\":{\"symbol\":\"BTC/USDT\","
                    + "\"open_time\":1,\"close\":\"42000.5\"}}", true).get();
            feed.sendText("not json", true).get();
            feed.sendText("{\"kind\":\"candle\",\"data\":{\"symbol\":\"BTC/USDT\","
                    + "\"interval\":\"4h\",\"open_time\":0}}", true).get();

            // Sent is not yet taken: the hub takes one connection's messages in order, so once
            // it has refused the malformed one it has taken those before it.
            Await.until("the malformed message refused",
                    () -> json(get(hub, "/health")).path("rejected_messages").asLong() >= 1,
                    () -> "health " + hub.url());
            Collect browser = new Collect();
            URI live = URI.create(hub.url().toString().replace("http://", "ws://") + "live");
            WebSocket page = HTTP.newWebSocketBuilder().buildAsync(live, browser)
                    .get(PATIENT_S, TimeUnit.SECONDS);
            await(browser.messages, 1);
            JsonNode state = MarketJson.mapper().readTree(browser.messages.get(0));
            assertThat(state.path("kind").asText()).isEqualTo("state");
            assertThat(state.path("data").path("snapshots").path("BTC/USDT")).hasSize(1);
            assertThat(state.path("data").path("candles").size()).isZero(); // 4h not kept
            assertThat(state.path("data").path("ticks").path("BTC/USDT").path("close").asText())
                    .isEqualTo("42000.5");

            feed.sendText("{\"kind\":\"event\",\"data\":" + event("e9", "LIQUIDATION_CASCADE",
                    "BTC/USDT", T0) + "}", true).get();
            await(browser.messages, 2);
            JsonNode update = MarketJson.mapper().readTree(browser.messages.get(1));
            assertThat(update.path("kind").asText()).isEqualTo("event");
            assertThat(update.path("data").path("event_id").asText()).isEqualTo("e9");

            JsonNode health = json(get(hub, "/health"));
            assertThat(health.path("rejected_messages").asLong()).isEqualTo(1);
            assertThat(health.path("browsers").asInt()).isEqualTo(1);
            assertThat(get(hub, "/api/features").statusCode()).isEqualTo(503);
            page.abort();
            feed.abort();
        }
    }

    /** The newest BTC snapshot's hour: BTC has 200 hours, more than the week the page shows. */
    static final int NEWEST_HOUR = 200;

    /**
     * 200 hours of BTC snapshots and 1h candles (and a 4h candle), 6 hours of ETH snapshots
     * ending earlier, and the three events of {@link #fill}.
     */
    static void fillHistory(JdbcSettings jdbc) throws Exception {
        try (Connection c = jdbc.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO feature_snapshots "
                    + "(symbol, snapshot_time, data) VALUES (?, ?, "
                    + jdbc.dialect().jsonParameter() + ")")) {
                for (int h = 1; h <= NEWEST_HOUR; h++) {
                    addSnapshot(ps, "BTC/USDT", T0 + h * H);
                }
                for (int h = 190; h <= 195; h++) {
                    addSnapshot(ps, "ETH/USDT", T0 + h * H);
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement(CandleUpsert.SQL)) {
                CandleUpsert upsert = new CandleUpsert(jdbc.dialect());
                for (int h = 0; h < NEWEST_HOUR; h++) {
                    upsert.accept(ps, candle(Timeframe.H1, T0 + h * H, H, "4200" + h + ".50"));
                    ps.addBatch();
                }
                upsert.accept(ps, candle(Timeframe.H4, T0 + 196 * H, 4 * H, "1"));
                ps.addBatch();
                ps.executeBatch();
            }
            insertThreeEvents(c, jdbc.dialect().jsonParameter());
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO pair_correlations "
                    + "(close_time, pair, symbol_a, symbol_b, corr_7d, corr_30d, in_break, "
                    + "corr_drop, break_severity, duration_hours, leader) VALUES "
                    + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                addPair(ps, NEWEST_HOUR - 1, "ETH/USDT", 0.5, false);
                addPair(ps, NEWEST_HOUR, "ETH/USDT", 0.8, false);
                addPair(ps, NEWEST_HOUR, "SOL/USDT", 0.1, true);
                ps.executeBatch();
            }
            c.commit();
        }
    }

    /** BTC/USDT's pair with {@code other} at the hour {@code hour} after T0. */
    static void addPair(PreparedStatement ps, int hour, String other, double corr7d,
            boolean inBreak) throws Exception {
        ps.setLong(1, T0 + hour * H - 1);
        ps.setString(2, "BTC/USDT~" + other);
        ps.setString(3, "BTC/USDT");
        ps.setString(4, other);
        ps.setDouble(5, corr7d);
        ps.setDouble(6, 0.8);
        ps.setBoolean(7, inBreak);
        ps.setObject(8, inBreak ? 0.875 : null, Types.DOUBLE);
        ps.setString(9, inBreak ? "HIGH" : null);
        ps.setInt(10, inBreak ? 5 : 0);
        ps.setString(11, null);
        ps.addBatch();
    }

    static void addSnapshot(PreparedStatement ps, String symbol, long t) throws Exception {
        ps.setString(1, symbol);
        ps.setLong(2, t);
        ps.setString(3, snapshot(symbol, t, "STABLE", 0.5));
        ps.addBatch();
    }

    static BuiltCandle candle(Timeframe tf, long open, long span, String close) {
        BigDecimal one = BigDecimal.ONE;
        return new BuiltCandle("BTC/USDT", tf, open, open + span - 1, one, new BigDecimal(close),
                one, new BigDecimal(close), one, one, 3, one, one, 60, true);
    }

    @Test
    void theStandaloneHubShowsAPostgresDatabasesLastKnownStateAtOnce() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
            lastKnownStateAtOnce(new JdbcSettings(db.url(), PostgresTestDatabase.USER, null, 1, 0,
                    0));
        }
    }

    @Test
    void theStandaloneHubShowsASqliteDatabasesLastKnownStateAtOnce(@TempDir Path dir)
            throws Exception {
        lastKnownStateAtOnce(new JdbcSettings("jdbc:sqlite:" + dir.resolve("rf.db"), null, null,
                1, 0, 0));
    }

    /**
     * A hub started on a database that a job wrote shows that job's last state to the first
     * browser, before any job sends: per symbol the week before its newest snapshot (in the
     * data's time) and the 1h candles of that week, and the newest events, newest first. A job
     * that then connects adds to it; the hub inside a local run (plain start) does not seed.
     */
    static void lastKnownStateAtOnce(JdbcSettings jdbc) throws Exception {
        SchemaMigrator.migrate(jdbc);
        fillHistory(jdbc);
        HubSettings settings = new HubSettings("127.0.0.1", 0, null,
                jdbc.dialect().connectionUrl(jdbc.url()), jdbc.username(), null);
        try (DashboardHub hub = DashboardHub.startWithLastKnownState(settings)) {
            Collect browser = new Collect();
            URI live = URI.create(hub.url().toString().replace("http://", "ws://") + "live");
            WebSocket page = HTTP.newWebSocketBuilder().buildAsync(live, browser)
                    .get(PATIENT_S, TimeUnit.SECONDS);
            await(browser.messages, 1);
            JsonNode state = MarketJson.mapper().readTree(browser.messages.get(0)).path("data");
            JsonNode btc = state.path("snapshots").path("BTC/USDT");
            assertThat(btc).hasSize(LiveState.HOURS_KEPT);
            assertThat(btc.get(0).path("timestamp").asLong())
                    .isEqualTo(T0 + (NEWEST_HOUR - LiveState.HOURS_KEPT + 1) * H);
            assertThat(btc.get(btc.size() - 1).path("timestamp").asLong())
                    .isEqualTo(T0 + NEWEST_HOUR * H);
            // ETH's week is measured from ETH's own newest snapshot.
            assertThat(state.path("snapshots").path("ETH/USDT")).hasSize(6);
            JsonNode candles = state.path("candles").path("BTC/USDT");
            assertThat(candles).hasSize(LiveState.HOURS_KEPT);
            assertThat(candles).allSatisfy(c -> assertThat(c.path("interval").asText())
                    .isEqualTo("1h"));
            JsonNode newest = candles.get(candles.size() - 1);
            assertThat(newest.path("open_time").asLong()).isEqualTo(T0 + 199 * H);
            assertThat(newest.path("close_time").asLong()).isEqualTo(T0 + 200 * H - 1);
            assertThat(newest.path("close").asText()).isEqualTo("4200199.50");
            assertThat(newest.path("complete").asBoolean()).isTrue();
            assertThat(state.path("events")).extracting(e -> e.path("event_id").asText())
                    .containsExactly("e3", "e2", "e1");
            assertThat(state.path("seeded").path("from").asText()).isEqualTo("database");
            // Every pair of the newest hour of pair_correlations, in the records' form.
            assertThat(state.path("pairs")).extracting(p -> p.path("pair").asText())
                    .containsExactly("BTC/USDT~ETH/USDT", "BTC/USDT~SOL/USDT");
            JsonNode solPair = state.path("pairs").get(1);
            assertThat(MarketJson.mapper().readTree(MarketJson.write(MarketJson.read(
                    solPair.toString(), HourlyPairCorrelation.class)))).isEqualTo(solPair);
            assertThat(solPair.path("time").asLong()).isEqualTo(T0 + NEWEST_HOUR * H - 1);
            assertThat(solPair.path("break_severity").asText()).isEqualTo("HIGH");
            assertThat(state.path("pairs").get(0).path("drop").isNull()).isTrue();
            JsonNode corr = json(get(hub, "/api/correlation"));
            assertThat(corr.path("source").asText()).isEqualTo("hub");
            assertThat(corr.path("pairs")).extracting(p -> p.path("pair").asText())
                    .containsExactly("BTC/USDT~SOL/USDT", "BTC/USDT~ETH/USDT");
            assertThat(state.path("last_update").asLong()).isZero();
            assertThat(state.has("source")).isFalse();

            // A job connects: its source and data join the seeded state.
            WebSocket feed = HTTP.newWebSocketBuilder().buildAsync(hub.ingestUrl(),
                    new Collect()).get(PATIENT_S, TimeUnit.SECONDS);
            feed.sendText("{\"kind\":\"source\",\"data\":{\"type\":\"binance\",\"label\":"
                    + "\"Binance.US live\",\"bounded\":false}}", true).get();
            feed.sendText("{\"kind\":\"snapshot\",\"data\":" + snapshot("BTC/USDT",
                    T0 + (NEWEST_HOUR + 1) * H, "STABLE", 1) + "}", true).get();
            await(browser.messages, 3);
            assertThat(MarketJson.mapper().readTree(browser.messages.get(1)).path("kind")
                    .asText()).isEqualTo("source");
            JsonNode after = MarketJson.mapper().readTree(hub.stateMessage()).path("data");
            assertThat(after.path("source").path("label").asText()).isEqualTo("Binance.US live");
            assertThat(after.path("snapshots").path("BTC/USDT")).hasSize(LiveState.HOURS_KEPT);
            assertThat(after.path("snapshots").path("BTC/USDT").get(LiveState.HOURS_KEPT - 1)
                    .path("timestamp").asLong()).isEqualTo(T0 + (NEWEST_HOUR + 1) * H);
            assertThat(after.path("last_update").asLong()).isPositive();
            page.abort();
            feed.abort();
        }
        try (DashboardHub inJob = DashboardHub.start(settings)) {
            JsonNode state = MarketJson.mapper().readTree(inJob.stateMessage()).path("data");
            assertThat(state.path("snapshots").size()).isZero();
            assertThat(state.has("seeded")).isFalse();
        }
    }

    @Test
    void aSourceMessageIsKeptForBrowsersAndOneWithoutALabelIsRefused() throws Exception {
        try (DashboardHub hub = DashboardHub.start(new HubSettings("127.0.0.1", 0, null, null,
                null, null))) {
            WebSocket feed = HTTP.newWebSocketBuilder().buildAsync(hub.ingestUrl(),
                    new Collect()).get(PATIENT_S, TimeUnit.SECONDS);
            feed.sendText("{\"kind\":\"source\",\"data\":{\"type\":\"simulator\"}}", true)
                    .get();
            feed.sendText("{\"kind\":\"source\",\"data\":{\"type\":\"simulator\",\"label\":"
                    + "\"Simulated market\",\"speed\":60.0,\"bounded\":false}}", true).get();
            Await.until("the source kept", () -> MarketJson.mapper().readTree(
                    hub.stateMessage()).path("data").has("source"), hub::stateMessage);
            JsonNode source = MarketJson.mapper().readTree(hub.stateMessage()).path("data")
                    .path("source");
            assertThat(source.path("label").asText()).isEqualTo("Simulated market");
            assertThat(source.path("speed").asDouble()).isEqualTo(60.0);
            assertThat(json(get(hub, "/health")).path("rejected_messages").asLong())
                    .isEqualTo(1);
            // News about the job, not market data: the page's data age stays "no data yet".
            assertThat(json(get(hub, "/health")).path("last_update").asLong()).isZero();
            feed.abort();
        }
    }

    @Test
    void bindingBeyondLoopbackWithoutATokenIsRefused() {
        assertThatThrownBy(() -> new HubSettings("0.0.0.0", 0, null, null, null, null))
                .hasMessageContaining("an ingest token is required");
    }

    /** Three CRITICAL events, an hour apart from T0 + 1 h, with {@code json} as the data cast. */
    static void insertThreeEvents(Connection c, String json) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO market_events (event_id, "
                + "event_type, symbol, severity, title, description, event_time, data) "
                + "VALUES (?, ?, ?, 'CRITICAL', 't', 'd', ?, " + json + ")")) {
            String[][] rows = {{"e1", "LIQUIDATION_CASCADE", "BTC/USDT", "1"},
                {"e2", "FUNDING_ANOMALY", "BTC/USDT", "2"},
                {"e3", "LIQUIDATION_CASCADE", "ETH/USDT", "3"}};
            for (String[] r : rows) {
                long t = T0 + Long.parseLong(r[3]) * H;
                ps.setString(1, r[0]);
                ps.setString(2, r[1]);
                ps.setString(3, r[2]);
                ps.setLong(4, t);
                ps.setString(5, event(r[0], r[1], r[2], t));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
