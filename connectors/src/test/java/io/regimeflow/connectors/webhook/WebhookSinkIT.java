package io.regimeflow.connectors.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.connectors.jdbc.JdbcSettings;
import io.regimeflow.connectors.jdbc.SchemaMigrator;
import io.regimeflow.model.EventType;
import io.regimeflow.model.MarketEvent;
import io.regimeflow.model.MarketJson;
import io.regimeflow.model.Severity;
import io.regimeflow.testkit.Await;
import io.regimeflow.testkit.FailOnce;
import io.regimeflow.testkit.FakeWebhookReceiver.Gone;
import io.regimeflow.testkit.FakeWebhookReceiver.Hang;
import io.regimeflow.testkit.FakeWebhookReceiver.RateLimited;
import io.regimeflow.testkit.FakeWebhookReceiver.Received;
import io.regimeflow.testkit.FakeWebhookReceiver.ServerError;
import io.regimeflow.testkit.FakeWebhookReceiver;
import io.regimeflow.testkit.FlinkTestEnvironment;
import io.regimeflow.testkit.PostgresTestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The webhook sink in a job on the mini-cluster, delivering to loopback receivers that answer as
 * Discord, Slack, Telegram and a signed-JSON endpoint do, with their rate limits, server errors,
 * a hanging connection, an unknown webhook and a receiver that is down; attempts and dead
 * letters recorded in a real PostgreSQL database.
 */
class WebhookSinkIT {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = FlinkTestEnvironment.miniCluster();

    static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "a-test-secret-of-32-bytes-length".getBytes(StandardCharsets.US_ASCII));
    static final String DISCORD = "/api/v10/webhooks/111/tok-discord";
    static final String SLACK = "/services/T0001/B0001/tok-slack";
    static final String TELEGRAM = "/bottok-telegram/sendMessage";
    static final String JSON = "/hooks/events";
    static final String GONE = "/api/v10/webhooks/999/tok-gone";
    static final String DOWN = "/hooks/down";

    static List<MarketEvent> events(int n) {
        EventType[] types = EventType.values();
        Severity[] severities = Severity.values();
        List<MarketEvent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            EventType type = types[i % types.length];
            Severity severity = severities[(i / 2) % severities.length];
            String symbol = i % 2 == 0 ? "BTC/USDT" : "ETH/USDT";
            out.add(new MarketEvent("evt-" + i, type, symbol, severity,
                    symbol + " " + type + " #" + i, "Something <b>happened</b> & moved " + i,
                    1_704_067_200_000L + i * 3_600_000L, "{\"symbol\":\"" + symbol
                            + "\",\"total_usd\":\"2500000.5\",\"severity\":" + (i % 5 + 1)
                            + ",\"note\":\"a < b & c\"}"));
        }
        return out;
    }

    static WebhookTarget target(String name, FakeWebhookReceiver r, String path, WebhookKind kind,
            Set<EventType> types, Severity min) {
        String url = path.replace("/api/v10/webhooks/", "/api/webhooks/");
        return new WebhookTarget(name, r.url(url), kind, types, min,
                kind == WebhookKind.JSON ? SECRET : null,
                kind == WebhookKind.TELEGRAM ? "-1001234567890" : null);
    }

    /** Delivery with short waits (50 ms doubling to 400 ms, a 100 ms circuit cooldown). */
    static WebhookSettings.Builder quick(List<WebhookTarget> targets, JdbcSettings ledger) {
        return WebhookSettings.builder(targets).ledger(ledger).backoff(Duration.ofMillis(50))
                .backoffCap(Duration.ofMillis(400)).breakerFailures(3)
                .breakerCooldown(Duration.ofMillis(100)).maxPending(1000);
    }

    static WebhookSettings settings(List<WebhookTarget> targets, JdbcSettings ledger,
            int maxAttempts) {
        // A request timeout longer than any wait here: the held JSON request stays held until
        // released (at 20 s, a loaded machine's slower deliveries to the others outlasted it).
        return quick(targets, ledger).timeout(Await.PATIENT.multipliedBy(2))
                .maxAttempts(maxAttempts).maxAge(null).build();
    }

    static final Pattern EVENT_ID = Pattern.compile("evt-\\d+");

    /** The event id each accepted request carried, in the order they were accepted. */
    static List<String> deliveredIds(FakeWebhookReceiver r, String path) {
        List<String> ids = new ArrayList<>();
        for (Received rec : r.accepted(path)) {
            String key = rec.header("Idempotency-Key");
            if (key != null) {
                ids.add(key);
                continue;
            }
            Matcher m = EVENT_ID.matcher(rec.body());
            assertThat(m.find()).as(rec.body()).isTrue();
            ids.add(m.group());
        }
        return ids;
    }

    static List<String> expected(List<MarketEvent> events, WebhookTarget t) {
        return events.stream().filter(t::accepts).map(MarketEvent::eventId).toList();
    }

    @Test
    void everyEventReachesEveryLiveTargetOnceAndTheDeadOnesEndInDeadLetters() throws Exception {
        List<MarketEvent> events = events(24);
        CountDownLatch release = new CountDownLatch(1);
        try (PostgresTestDatabase db = PostgresTestDatabase.create();
                FakeWebhookReceiver r = new FakeWebhookReceiver()) {
            JdbcSettings jdbc = new JdbcSettings(db.url(), PostgresTestDatabase.USER, null, 100,
                    0, 3);
            SchemaMigrator.migrate(jdbc);
            r.script(DISCORD, new RateLimited(0.3), new RateLimited(0.2), new ServerError());
            r.script(SLACK, new ServerError(), new RateLimited(1));
            r.script(TELEGRAM, new RateLimited(1));
            r.script(JSON, new Hang(release));
            r.always(GONE, new Gone());
            r.always(DOWN, new ServerError());
            List<WebhookTarget> targets = List.of(
                    target("discord", r, DISCORD, WebhookKind.DISCORD, Set.of(), Severity.INFO),
                    target("slack", r, SLACK, WebhookKind.SLACK, Set.of(), Severity.WARNING),
                    target("telegram", r, TELEGRAM, WebhookKind.TELEGRAM,
                            Set.of(EventType.LIQUIDATION_CASCADE, EventType.FUNDING_ANOMALY),
                            Severity.INFO),
                    target("json", r, JSON, WebhookKind.JSON, Set.of(), Severity.INFO),
                    target("gone", r, GONE, WebhookKind.DISCORD, Set.of(), Severity.CRITICAL),
                    target("down", r, DOWN, WebhookKind.JSON, Set.of(), Severity.CRITICAL));

            StreamExecutionEnvironment env = FlinkTestEnvironment.env(2);
            env.enableCheckpointing(200);
            env.fromData(events, TypeInformation.of(MarketEvent.class)).uid("events")
                    .sinkTo(new WebhookSink(settings(targets, jdbc, 5))).uid("webhooks");
            JobClient job = env.executeAsync("webhooks");

            // The JSON receiver holds its first request until every other live receiver has
            // everything: one stuck receiver must hold up neither the others nor the job.
            Map<String, String> paths = Map.of("discord", DISCORD, "slack", SLACK,
                    "telegram", TELEGRAM);
            Await.until("the others delivered while one hangs", () -> paths.entrySet()
                    .stream().allMatch(p -> deliveredIds(r, p.getValue()).size()
                            == expected(events, targetNamed(targets, p.getKey())).size()),
                    () -> paths.keySet().stream().sorted().map(name -> name + " "
                            + deliveredIds(r, paths.get(name)).size() + "/"
                            + expected(events, targetNamed(targets, name)).size()).toList()
                            + " delivered, json " + r.accepted(JSON).size());
            // With two sink writers, one JSON lane is held; the other may have gone on.
            assertThat(r.accepted(JSON).size()).isLessThan(expected(events, targets.get(3))
                    .size());
            release.countDown();
            job.getJobExecutionResult().get();

            for (WebhookTarget t : targets.subList(0, 4)) {
                String path = t.name().equals("json") ? JSON : paths.get(t.name());
                assertThat(deliveredIds(r, path)).as(t.name())
                        .containsExactlyInAnyOrderElementsOf(expected(events, t));
            }
            assertThat(r.received(DISCORD)).hasSize(expected(events, targets.get(0)).size() + 3);

            // Formats: Discord embeds coloured by severity, Slack blocks, Telegram HTML escaped.
            var discord = MarketJson.mapper().readTree(r.accepted(DISCORD).get(0).body());
            assertThat(discord.path("embeds").get(0).path("color").asInt()).isIn(0x3498DB,
                    0xF39C12, 0xE74C3C);
            var slack = MarketJson.mapper().readTree(r.accepted(SLACK).get(0).body());
            assertThat(slack.path("blocks").get(0).path("type").asText()).isEqualTo("header");
            var telegram = MarketJson.mapper().readTree(r.accepted(TELEGRAM).get(0).body());
            assertThat(telegram.path("parse_mode").asText()).isEqualTo("HTML");
            assertThat(telegram.path("chat_id").asText()).isEqualTo("-1001234567890");
            assertThat(telegram.path("text").asText()).contains("&lt;b&gt;happened&lt;/b&gt; &amp;")
                    .doesNotContain("<b>happened");

            // Every JSON delivery is signed, and the signature verifies.
            for (Received rec : r.accepted(JSON)) {
                long ts = Long.parseLong(rec.header("webhook-timestamp"));
                assertThat(Math.abs(System.currentTimeMillis() / 1000 - ts)).isLessThan(300);
                assertThat(rec.header("webhook-id")).isEqualTo(rec.header("Idempotency-Key"));
                assertThat(WebhookSignature.verify(SECRET, rec.header("webhook-id"), ts,
                        rec.body(), rec.header("webhook-signature"))).isTrue();
                assertThat(WebhookSignature.verify(SECRET, rec.header("webhook-id"), ts,
                        rec.body().replace("evt-", "evt-9"), rec.header("webhook-signature")))
                        .isFalse();
            }

            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                Map<String, List<String>> dead = new HashMap<>();
                try (ResultSet rs = s.executeQuery("SELECT target, event_id, attempts, reason, "
                        + "webhook_url, event->>'event_id' FROM webhook_dead_letters")) {
                    while (rs.next()) {
                        dead.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                                .add(rs.getString(2));
                        assertThat(rs.getString(6)).isEqualTo(rs.getString(2));
                        assertThat(rs.getString(5)).doesNotContain("tok-");
                        if (rs.getString(1).equals("gone")) {
                            assertThat(rs.getInt(3)).isEqualTo(1);
                            assertThat(rs.getString(4)).contains("Unknown Webhook");
                        } else {
                            assertThat(rs.getInt(3)).isEqualTo(5);
                            assertThat(rs.getString(4)).startsWith(
                                    "gave up after 5 failed attempts");
                        }
                    }
                }
                assertThat(dead.keySet()).containsExactlyInAnyOrder("gone", "down");
                assertThat(dead.get("gone")).containsExactlyInAnyOrderElementsOf(
                        expected(events, targets.get(4)));
                assertThat(dead.get("down")).containsExactlyInAnyOrderElementsOf(
                        expected(events, targets.get(5)));

                // One webhook_logs row per request any receiver got, none with a token.
                Map<String, String> all = Map.of("discord", DISCORD, "slack", SLACK,
                        "telegram", TELEGRAM, "json", JSON, "gone", GONE, "down", DOWN);
                for (Map.Entry<String, String> e : all.entrySet()) {
                    try (ResultSet rs = s.executeQuery("SELECT COUNT(*), "
                            + "SUM(CASE WHEN success THEN 1 ELSE 0 END) FROM webhook_logs "
                            + "WHERE target = '" + e.getKey() + "'")) {
                        rs.next();
                        assertThat(rs.getInt(1)).as(e.getKey())
                                .isEqualTo(r.received(e.getValue()).size());
                        assertThat(rs.getInt(2)).as(e.getKey())
                                .isEqualTo(r.accepted(e.getValue()).size());
                    }
                }
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM webhook_logs WHERE "
                        + "webhook_url LIKE '%tok-%' OR detail LIKE '%tok-%'")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isZero();
                }
            }
        }
    }

    /**
     * A backfill's old events are not posted as if new (issue 16 item 1): with max-age 2h only
     * the event of a minute ago reaches the channel; the one from 2024 and the one three hours
     * old are in webhook_logs as STALE (attempt 0), and nothing of them reached the receiver.
     */
    @Test
    void eventsOlderThanMaxAgeAreLoggedAsStaleNotPosted() throws Exception {
        long now = System.currentTimeMillis();
        List<MarketEvent> all = events(3);
        List<MarketEvent> events = List.of(
                withTime(all.get(0), 1_704_067_200_000L),
                withTime(all.get(1), now - 3 * 3_600_000L),
                withTime(all.get(2), now - 60_000L));
        try (PostgresTestDatabase db = PostgresTestDatabase.create();
                FakeWebhookReceiver r = new FakeWebhookReceiver()) {
            JdbcSettings jdbc = new JdbcSettings(db.url(), PostgresTestDatabase.USER, null, 100,
                    0, 3);
            SchemaMigrator.migrate(jdbc);
            WebhookTarget json = target("json", r, JSON, WebhookKind.JSON, Set.of(),
                    Severity.INFO);
            WebhookSettings twoHours = quick(List.of(json), jdbc).timeout(Await.PATIENT)
                    .maxAttempts(3).maxAge(Duration.ofHours(2)).build();
            StreamExecutionEnvironment env = FlinkTestEnvironment.env(1);
            env.fromData(events, TypeInformation.of(MarketEvent.class)).uid("events")
                    .sinkTo(new WebhookSink(twoHours)).uid("webhooks");
            env.execute("stale webhooks");

            assertThat(deliveredIds(r, JSON)).containsExactly("evt-2");
            assertThat(r.received(JSON)).hasSize(1);
            try (Connection c = db.connect(); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT event_id, attempt, success, outcome, "
                            + "detail FROM webhook_logs ORDER BY event_id")) {
                List<String> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(rs.getString(1) + " " + rs.getInt(2) + " " + rs.getBoolean(3) + " "
                            + rs.getString(4) + " " + rs.getString(5));
                }
                assertThat(rows).hasSize(3);
                assertThat(rows.get(0)).startsWith("evt-0 0 false STALE event time "
                        + "2024-01-01T00:00:00Z is ").endsWith(" min old, over max-age 120 min");
                assertThat(rows.get(1)).startsWith("evt-1 0 false STALE event time ");
                assertThat(rows.get(2)).isEqualTo("evt-2 1 true DELIVERED null");
            }
        }
    }

    static MarketEvent withTime(MarketEvent e, long time) {
        return new MarketEvent(e.eventId(), e.eventType(), e.symbol(), e.severity(), e.title(),
                e.description(), time, e.data());
    }

    @Test
    void aRestoreFromACheckpointDeliversWhatWasPendingAtLeastOnce() throws Exception {
        List<MarketEvent> events = events(40);
        FailOnce.arm("webhooks");
        try (FakeWebhookReceiver r = new FakeWebhookReceiver()) {
            // A receiver slow to take them: deliveries are pending at every checkpoint.
            ServerError[] slow = new ServerError[30];
            Arrays.fill(slow, new ServerError());
            r.script(JSON, slow);
            WebhookTarget json = target("json", r, JSON, WebhookKind.JSON, Set.of(),
                    Severity.INFO);
            StreamExecutionEnvironment env = FlinkTestEnvironment.env(1);
            env.enableCheckpointing(100);
            env.configure(restartOnce());
            env.fromData(events, TypeInformation.of(MarketEvent.class)).uid("events")
                    .map(new FailOnce<MarketEvent>("webhooks", 30, 25, 400),
                            TypeInformation.of(MarketEvent.class)).uid("fail")
                    .sinkTo(new WebhookSink(settings(List.of(json), null, 100))).uid("webhooks");
            env.execute("webhooks-restore");

            assertThat(FailOnce.fired("webhooks")).isTrue();
            List<String> ids = deliveredIds(r, JSON);
            assertThat(Set.copyOf(ids)).containsExactlyInAnyOrderElementsOf(
                    events.stream().map(MarketEvent::eventId).toList());
            // Repeats come only from the replay after the restore, never within one attempt.
            Map<String, Long> counts = ids.stream().collect(Collectors
                    .groupingBy(Function.identity(), Collectors.counting()));
            assertThat(counts.values()).allMatch(n -> n <= 2);
        }
    }

    static Configuration restartOnce() {
        Configuration c = new Configuration();
        c.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        return c;
    }

    static WebhookTarget targetNamed(List<WebhookTarget> targets, String name) {
        return targets.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }
}
