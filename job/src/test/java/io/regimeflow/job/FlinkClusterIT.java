package io.regimeflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimeflow.model.MarketJson;
import io.regimeflow.testkit.Await;
import io.regimeflow.testkit.FakeWebhookReceiver;
import io.regimeflow.testkit.PostgresTestDatabase;
import io.regimeflow.testkit.StandaloneFlinkCluster;
import io.regimeflow.testkit.StandaloneFlinkCluster.CliResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged job on a real standalone Flink cluster: a JobManager and two TaskManagers as
 * separate JVMs, configured from the production flink-conf/config.yaml (RocksDB, incremental
 * checkpoints, exponential-delay restarts, the Prometheus reporter), the job submitted with
 * Flink's CLI at parallelism 2. A TaskManager is killed with SIGKILL mid-run; a job is stopped
 * with a savepoint and resumed on a rebuilt jar. Each must leave the PostgreSQL tables of a run
 * nothing happened to.
 */
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class FlinkClusterIT {

    /**
     * Simulated time per wall-clock time of the disturbed runs: 14 days in about 30 s, time
     * enough to kill or stop a run mid-way (a loaded machine only runs it slower).
     */
    static final int REPLAY_SPEED = 40_000;
    static final String HOOK = "/regimeflow/events";
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final Pattern SUBMITTED = Pattern.compile("JobID ([0-9a-f]{32})");
    static final Pattern SAVEPOINT = Pattern.compile("Savepoint completed\\. Path: (\\S+)");
    static final List<String> TABLES = List.of("candles", "feature_snapshots", "market_events");

    @TempDir
    static Path home;

    static StandaloneFlinkCluster cluster;
    static PostgresTestDatabase reference;
    static String referenceJob;

    @BeforeAll
    static void startClusterAndRunTheUndisturbedReference() throws Exception {
        cluster = StandaloneFlinkCluster.start(
                StandaloneFlinkCluster.path("regimeflow.flink.lib"),
                StandaloneFlinkCluster.path("regimeflow.flink.conf"), home.resolve("cluster"), 2);
        reference = PostgresTestDatabase.create();
        referenceJob = submit(jar(), config("reference", reference, null, null));
        cluster.awaitJobState(referenceJob, "FINISHED", Duration.ofMinutes(3));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (reference != null) {
            reference.close();
        }
    }

    @Test
    void aTaskManagerKilledMidRunIsReplacedAndTheJobRecoversFromItsLastCheckpoint()
            throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create();
                FakeWebhookReceiver hooks = new FakeWebhookReceiver()) {
            String job = submit(jar(), config("killed", db, REPLAY_SPEED, hooks));

            // Mid-run: some alerts are out and a checkpoint has completed after them.
            StandaloneFlinkCluster.await("3 webhook deliveries", Duration.ofMinutes(3),
                    () -> hooks.accepted(HOOK).size() >= 3);
            long completed = completedCheckpoints(job);
            StandaloneFlinkCluster.await("a checkpoint after them", Await.PATIENT,
                    () -> completedCheckpoints(job) > completed);
            long checkpointAtKill = cluster.checkpoints(job).path("latest").path("completed")
                    .path("id").asLong();
            assertMetricsAreVisible(job);

            // Kill the TaskManager holding the webhook writer (and half of everything else).
            List<String> holders = cluster.taskManagersRunning(job,
                    name -> name.contains("webhooks-sink"));
            assertThat(holders).hasSize(1);
            int victim = Integer.parseInt(holders.get(0).substring("tm-".length()));
            cluster.killTaskManager(victim);
            int deliveredAtKill = hooks.accepted(HOOK).size();
            cluster.startTaskManager();

            cluster.awaitJobState(job, "FINISHED", Duration.ofMinutes(6));
            assertThat(deliveredAtKill).as("killed mid-run").isLessThan(
                    hooks.accepted(HOOK).size());
            JsonNode restored = cluster.checkpoints(job).path("latest").path("restored");
            assertThat(restored.path("is_savepoint").asBoolean(true)).as(restored.toString())
                    .isFalse();
            assertThat(restored.path("id").asLong()).as("restored from the last checkpoint")
                    .isGreaterThanOrEqualTo(checkpointAtKill);
            assertThat(cluster.get("/jobs/" + job + "/exceptions").path("exceptionHistory")
                    .path("entries")).as("the loss was a failure of the job").isNotEmpty();

            assertSameTables(db);
            assertEveryEventDeliveredUnderItsOwnKey(db, hooks);
        }
    }

    @Test
    void stopWithSavepointAndResumeOnARebuiltJarCarriesTheStateOver() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
            String first = submit(jar(), config("savepoint", db, REPLAY_SPEED, null));
            // Four days in: the analyses hold days of hourly history by then.
            StandaloneFlinkCluster.await("four days of snapshots", Duration.ofMinutes(3),
                    () -> count(db, "feature_snapshots") >= 4 * 24 * 3
                            && completedCheckpoints(first) >= 1);
            CliResult stop = cluster.cli(Duration.ofMinutes(3), "stop", "--savepointPath",
                    home.resolve("cluster/savepoints").toUri().toString(), first);
            assertThat(stop.exitCode()).as(stop.output()).isZero();
            Matcher path = SAVEPOINT.matcher(stop.output());
            assertThat(path.find()).as(stop.output()).isTrue();
            cluster.awaitJobState(first, "FINISHED", Await.PATIENT); // stopping: seconds
            int snapshotsAtStop = count(db, "feature_snapshots");
            assertThat(snapshotsAtStop).as("stopped mid-run").isLessThan(14 * 24 * 3);

            // A new build of the jar (same uids), resumed from the savepoint as fast as it can.
            Path rebuilt = rebuild(jar(), home.resolve("regimeflow-job-rebuilt.jar"));
            String second = submit(rebuilt, config("resumed", db, null, null), "-s",
                    path.group(1));
            cluster.awaitJobState(second, "FINISHED", Duration.ofMinutes(3));
            assertThat(cluster.checkpoints(second).path("latest").path("restored")
                    .path("is_savepoint").asBoolean()).isTrue();

            // Keyed state carried over: every snapshot after the resume equals the reference's,
            // which it could not without the restored ring buffers and regimes.
            assertSameTables(db);
            // Source cursors carried over: the two runs read the market once between them.
            assertThat(sourceRecords(first) + sourceRecords(second))
                    .isEqualTo(sourceRecords(referenceJob));
            assertThat(sourceRecords(second)).isLessThan(sourceRecords(referenceJob));
        }
    }

    /**
     * A savepoint taken by the build before issue 17's move (and issue 18's sharded pair work)
     * restores on this jar as the README's upgrade notes say: refused without
     * {@code --allowNonRestoredState}, naming the flag; with it, the source goes on from the old
     * cursors, the analyses from the old state, the pending webhooks are delivered, and only the
     * pair correlations start again.
     */
    @Test
    void aSavepointOfTheOldLayoutRestoresWithAllowNonRestoredState() throws Exception {
        String savepoint = OldLayoutSavepoint.path().toString();
        try (PostgresTestDatabase db = PostgresTestDatabase.create();
                FakeWebhookReceiver hooks = new FakeWebhookReceiver()) {
            CliResult refused = cluster.cli(Duration.ofMinutes(2), "run", "-d", "-p", "2", "-s",
                    savepoint, jar().toString(), "--config",
                    config("old-layout-refused", db, null, hooks).toString());
            assertThat(refused.exitCode()).as(refused.output()).isNotZero();
            assertThat(refused.output()).contains("regimeflow: job failed: ",
                    "Cannot map checkpoint/savepoint state for operator",
                    "--allowNonRestoredState");
            assertThat(count(db, "candles")).isZero();

            String job = submit(jar(), config("old-layout", db, null, hooks), "-s", savepoint,
                    "-n");
            cluster.awaitJobState(job, "FINISHED", Duration.ofMinutes(3));
            assertThat(cluster.checkpoints(job).path("latest").path("restored")
                    .path("is_savepoint").asBoolean()).isTrue();
            try (Connection expected = reference.connect(); Connection actual = db.connect()) {
                OldLayoutSavepoint.assertCarriesOn(expected, actual);
                OldLayoutSavepoint.assertPairStateRewarms(expected, actual);
                OldLayoutSavepoint.assertPendingDeliveriesDelivered(expected, actual, hooks,
                        HOOK);
            }
        }
    }

    /** What a data engineer watches, in the Prometheus reporter and the REST API (web UI). */
    static void assertMetricsAreVisible(String job) throws InterruptedException {
        String scraped = cluster.scrapePrometheus();
        for (String metric : List.of(
                "flink_taskmanager_job_task_operator_split_recordsEmitted"
                        + "{split=\"simulator_BTC_USDT\"",
                "flink_taskmanager_job_task_operator_split_watermark_currentWatermark{",
                "flink_taskmanager_job_task_operator_currentEmitEventTimeLag{",
                "flink_taskmanager_job_task_operator_lateRecords{",
                "flink_taskmanager_job_task_operator_webhooks_delivered{",
                "flink_taskmanager_job_task_operator_webhooks_retries{",
                "flink_taskmanager_job_task_operator_webhooks_failedAttempts{",
                "flink_taskmanager_job_task_operator_webhooks_deadLettered{",
                "flink_taskmanager_job_task_operator_jdbc_batchLatencyMs{",
                "flink_jobmanager_job_lastCheckpointDuration{")) {
            assertThat(scraped).as("Prometheus exposes " + metric).contains(metric);
        }
        assertThat(scraped).containsPattern(
                "flink_taskmanager_job_task_operator_jdbc_batches\\{[^}]*} [1-9]");
        // The web UI reads the same REST resources. The JobManager fetches metrics from the
        // TaskManagers on demand, at most every 10 s: the first answers may be partial.
        List<String> suffixes = List.of(".webhooks.delivered", ".webhooks.failedAttempts",
                ".jdbc.batchLatencyMs_p99", ".recordsEmitted", ".currentEmitEventTimeLag",
                ".lateRecords");
        List<String> webUi = new ArrayList<>();
        try {
            StandaloneFlinkCluster.await("the metrics in the REST API", Await.PATIENT,
                    () -> {
                        webUi.clear();
                        webUi.addAll(vertexMetrics(job));
                        return suffixes.stream().allMatch(
                                x -> webUi.stream().anyMatch(id -> id.endsWith(x)));
                    });
        } catch (IllegalStateException e) {
            throw new AssertionError("the REST API lists none of some of " + suffixes + ": "
                    + webUi.stream().filter(id -> id.startsWith("0.")).toList(), e);
        }
    }

    static List<String> vertexMetrics(String job) {
        List<String> ids = new ArrayList<>();
        for (JsonNode v : cluster.get("/jobs/" + job).path("vertices")) {
            for (JsonNode m : cluster.get("/jobs/" + job + "/vertices/" + v.path("id").asText()
                    + "/metrics")) {
                ids.add(m.path("id").asText());
            }
        }
        return ids;
    }

    static void assertSameTables(PostgresTestDatabase db) throws Exception {
        try (Connection expected = reference.connect(); Connection actual = db.connect()) {
            for (String table : TABLES) {
                List<List<String>> rows = TableRows.sorted(expected, table);
                assertThat(rows).as(table).isNotEmpty();
                assertThat(TableRows.sorted(actual, table)).as(table).isEqualTo(rows);
            }
        }
    }

    /**
     * Every event in market_events reached the receiver, each delivery under the event's own
     * id (a redelivery after the restore carries the same key and the same body).
     */
    static void assertEveryEventDeliveredUnderItsOwnKey(PostgresTestDatabase db,
            FakeWebhookReceiver hooks) throws Exception {
        Set<String> events = new HashSet<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT event_id FROM market_events")) {
            while (rs.next()) {
                events.add(rs.getString(1));
            }
        }
        Map<String, String> bodies = new HashMap<>();
        int redeliveries = 0;
        for (FakeWebhookReceiver.Received r : hooks.accepted(HOOK)) {
            String key = r.header("Idempotency-Key");
            assertThat(MarketJson.mapper().readTree(r.body()).path("event_id").asText())
                    .isEqualTo(key);
            assertThat(r.header("webhook-id")).isEqualTo(key);
            String before = bodies.putIfAbsent(key, r.body());
            if (before != null) {
                redeliveries++;
                assertThat(r.body()).as("redelivery of " + key).isEqualTo(before);
            }
        }
        assertThat(bodies.keySet()).isEqualTo(events);
        assertThat(count(db, "webhook_dead_letters")).isZero();
        System.out.printf("FlinkClusterIT: %d events delivered, %d redelivered after the "
                + "restore%n", events.size(), redeliveries);
    }

    static String submit(Path jar, Path config, String... runOptions) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "-d", "-p", "2"));
        args.addAll(List.of(runOptions));
        args.add(jar.toString());
        args.add("--config");
        args.add(config.toString());
        CliResult run = cluster.cli(Duration.ofMinutes(2), args.toArray(String[]::new));
        Matcher id = SUBMITTED.matcher(run.output());
        assertThat(run.exitCode() == 0 && id.find()).as(run.output() + "\n"
                + cluster.logTails(30)).isTrue();
        return id.group(1);
    }

    /** The job's configuration: 14 simulated days with a crash planted on SOL. */
    static Path config(String name, PostgresTestDatabase db, Integer replaySpeed,
            FakeWebhookReceiver hooks) throws IOException {
        String webhooks = hooks == null ? "" : String.format("""
                  webhooks:
                    backoff: 200ms
                    max-age: null
                    secret: %s
                    targets:
                      - {name: bot, kind: json, url: %s, min-severity: INFO}
                """, SECRET, hooks.url(HOOK));
        String yaml = String.format("""
                source:
                  start: 2024-01-01
                  end: 2024-01-15
                simulator:
                  replay-speed: %s
                  planted-shocks:
                    - {symbol: SOL/USDT, start: 2024-01-09T00:00:00Z, duration: 8h,
                       intensity: 6, direction: down}
                sinks:
                  jdbc:
                    url: %s
                    username: postgres
                %scheckpointing:
                  interval: 1s
                dashboard:
                  enabled: false
                """, replaySpeed == null ? "null" : replaySpeed, db.url(), webhooks);
        Path file = home.resolve(name + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    static long completedCheckpoints(String job) {
        return cluster.checkpoints(job).path("counts").path("completed").asLong();
    }

    /** Records the job's source vertex sent on (kept by the JobManager after the job ends). */
    static long sourceRecords(String job) {
        for (JsonNode v : cluster.get("/jobs/" + job).path("vertices")) {
            if (v.path("name").asText().startsWith("Source: market-data")) {
                return v.path("metrics").path("write-records").asLong();
            }
        }
        throw new AssertionError("no source vertex in job " + job);
    }

    static int count(PostgresTestDatabase db, String table) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static Path jar() {
        return StandaloneFlinkCluster.path("regimeflow.job.jar");
    }

    /** The same classes in a new jar file, as a rebuild with nothing changed in the state. */
    static Path rebuild(Path jar, Path target) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                out.putNextEntry(new ZipEntry(e.getName()));
                in.transferTo(out);
                out.closeEntry();
            }
            out.putNextEntry(new ZipEntry("META-INF/regimeflow-rebuild.properties"));
            out.write(("built=" + System.nanoTime() + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return target;
    }
}
