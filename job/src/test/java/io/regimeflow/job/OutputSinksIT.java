package io.regimeflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimeflow.connectors.webhook.WebhookSignature;
import io.regimeflow.model.MarketJson;
import io.regimeflow.testkit.FakeWebhookReceiver.RateLimited;
import io.regimeflow.testkit.FakeWebhookReceiver.Received;
import io.regimeflow.testkit.FakeWebhookReceiver.ServerError;
import io.regimeflow.testkit.FakeWebhookReceiver;
import io.regimeflow.testkit.FlinkTestEnvironment;
import io.regimeflow.testkit.KafkaTestBroker;
import io.regimeflow.testkit.PostgresTestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job from its command line with every sink on: PostgreSQL, webhooks to loopback receivers
 * answering as Discord and a signed-JSON endpoint do, and Kafka topics written exactly-once to a
 * real broker. Each output must hold exactly the events the database holds.
 */
class OutputSinksIT {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = FlinkTestEnvironment.miniCluster();

    static final String SECRET = "whsec_c2VjcmV0LWtleS1mb3ItdGhlLWpvYi10ZXN0";
    static final String DISCORD = "/api/v10/webhooks/42/tok-discord";
    static final String JSON = "/hooks/regimeflow";
    static final Pattern EVENT_ID = Pattern.compile("regimeflow \u00b7 ([^\"\\s]+)\"");

    @TempDir
    Path dir;

    @Test
    void everySinkHoldsExactlyTheEventsTheDatabaseHolds() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create();
                KafkaTestBroker broker = KafkaTestBroker.start();
                FakeWebhookReceiver hooks = new FakeWebhookReceiver()) {
            hooks.script(DISCORD, new RateLimited(1), new ServerError());
            hooks.script(JSON, new ServerError());
            Files.writeString(dir.resolve("job.yaml"), String.format("""
                    source:
                      start: 2024-01-01
                      end: 2024-01-11
                    simulator:
                      planted-shocks:
                        - {symbol: SOL/USDT, start: 2024-01-08T00:00:00Z, duration: 8h,
                           intensity: 6, direction: down}
                    sinks:
                      jdbc:
                        url: %s
                        username: postgres
                      webhooks:
                        secret: %s
                        backoff: 100ms
                        max-age: null
                        targets:
                          - name: discord
                            kind: discord
                            url: %s
                            min-severity: WARNING
                          - name: bot
                            url: %s
                            min-severity: INFO
                      kafka:
                        enabled: true
                        bootstrap-servers: %s
                        delivery-guarantee: exactly-once
                        transactional-id-prefix: output-sinks-it
                    checkpointing:
                      interval: 1s
                    job:
                      parallelism: 2
                    """, db.url(), SECRET,
                    hooks.url(DISCORD.replace("/api/v10/", "/api/")), hooks.url(JSON),
                    broker.bootstrapServers()));
            CliRun cli = new CliRun(dir);
            assertThat(cli.run("--config", "job.yaml")).as(cli.err()).isZero();

            Map<String, JsonNode> events = new HashMap<>();
            Map<String, String> severities = new HashMap<>();
            int snapshotRows;
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT event_id, severity, data::text "
                        + "FROM market_events")) {
                    while (rs.next()) {
                        events.put(rs.getString(1), MarketJson.mapper().readTree(
                                rs.getString(3)));
                        severities.put(rs.getString(1), rs.getString(2));
                    }
                }
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM feature_snapshots")) {
                    rs.next();
                    snapshotRows = rs.getInt(1);
                }
            }
            assertThat(severities).containsValue("CRITICAL");
            assertThat(snapshotRows).isEqualTo(10 * 24 * 3);

            // Kafka, read committed: each event once, keyed by its symbol, equal to the row.
            List<ConsumerRecord<byte[], byte[]>> kafkaEvents =
                    broker.readAll("regimeflow.events", true);
            Map<String, Long> perId = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : kafkaEvents) {
                JsonNode e = MarketJson.mapper().readTree(r.value());
                String id = e.path("event_id").asText();
                perId.merge(id, 1L, Long::sum);
                assertThat(new String(r.key(), StandardCharsets.UTF_8))
                        .isEqualTo(e.path("symbol").asText());
                assertThat(e).as(id).isEqualTo(events.get(id)); // the row holds the whole event
            }
            assertThat(perId.keySet()).as(() -> broker.describe("regimeflow.events"))
                    .isEqualTo(events.keySet());
            assertThat(perId.values()).containsOnly(1L);
            List<ConsumerRecord<byte[], byte[]>> kafkaSnapshots =
                    broker.readAll("regimeflow.snapshots", true);
            assertThat(kafkaSnapshots.stream().map(r -> new String(r.key(),
                    StandardCharsets.UTF_8) + "@" + readTimestamp(r)).collect(
                    Collectors.toSet())).as(() -> broker.describe("regimeflow.snapshots"))
                    .hasSize(snapshotRows);
            assertThat(kafkaSnapshots).hasSize(snapshotRows);

            // Pair correlations: every pair each hour both symbols closed, in the table and on
            // its topic (keyed by pair), each once.
            Set<String> pairRows = new HashSet<>();
            try (Connection c = db.connect(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT pair, close_time FROM "
                            + "pair_correlations")) {
                while (rs.next()) {
                    pairRows.add(rs.getString(1) + "@" + rs.getLong(2));
                }
            }
            assertThat(pairRows).hasSize(3 * (10 * 24 - 1)); // no return before the 2nd hour
            List<ConsumerRecord<byte[], byte[]>> kafkaPairs =
                    broker.readAll("regimeflow.pair-correlations", true);
            Set<String> kafkaPairKeys = new HashSet<>();
            for (ConsumerRecord<byte[], byte[]> r : kafkaPairs) {
                JsonNode p = MarketJson.mapper().readTree(r.value());
                assertThat(new String(r.key(), StandardCharsets.UTF_8))
                        .isEqualTo(p.path("pair").asText());
                kafkaPairKeys.add(p.path("pair").asText() + "@" + p.path("time").asLong());
            }
            assertThat(kafkaPairs).as(() -> broker.describe("regimeflow.pair-correlations"))
                    .hasSize(pairRows.size());
            assertThat(kafkaPairKeys).isEqualTo(pairRows);

            // Webhooks: Discord gets the WARNING and CRITICAL ones, the bot all, each once.
            Set<String> warnings = severities.entrySet().stream()
                    .filter(e -> !e.getValue().equals("INFO")).map(Map.Entry::getKey)
                    .collect(Collectors.toSet());
            assertThat(discordIds(hooks)).hasSize(warnings.size())
                    .containsExactlyInAnyOrderElementsOf(warnings);
            List<String> botIds = new ArrayList<>();
            for (Received r : hooks.accepted(JSON)) {
                long ts = Long.parseLong(r.header("webhook-timestamp"));
                assertThat(WebhookSignature.verify(SECRET, r.header("webhook-id"), ts,
                        r.body(), r.header("webhook-signature"))).isTrue();
                botIds.add(r.header("Idempotency-Key"));
            }
            assertThat(botIds).containsExactlyInAnyOrderElementsOf(events.keySet());

            try (Connection c = db.connect(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT target, COUNT(*), COUNT(*) FILTER "
                            + "(WHERE success) FROM webhook_logs GROUP BY target")) {
                Map<String, List<Integer>> logs = new HashMap<>();
                while (rs.next()) {
                    logs.put(rs.getString(1), List.of(rs.getInt(2), rs.getInt(3)));
                }
                assertThat(logs).containsEntry("discord", List.of(
                        hooks.received(DISCORD).size(), warnings.size()));
                assertThat(logs).containsEntry("bot", List.of(hooks.received(JSON).size(),
                        events.size()));
            }
        }
    }

    static List<String> discordIds(FakeWebhookReceiver hooks) {
        List<String> ids = new ArrayList<>();
        for (Received r : hooks.accepted(DISCORD)) {
            Matcher m = EVENT_ID.matcher(r.body());
            assertThat(m.find()).as(r.body()).isTrue();
            ids.add(m.group(1));
        }
        return ids;
    }

    static long readTimestamp(ConsumerRecord<byte[], byte[]> r) {
        try {
            return MarketJson.mapper().readTree(r.value()).path("timestamp").asLong();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
