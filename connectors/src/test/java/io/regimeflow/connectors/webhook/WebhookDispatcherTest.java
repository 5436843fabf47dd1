package io.regimeflow.connectors.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.regimeflow.connectors.jdbc.JdbcSettings;
import io.regimeflow.connectors.jdbc.SchemaMigrator;
import io.regimeflow.model.EventType;
import io.regimeflow.model.MarketEvent;
import io.regimeflow.model.Severity;
import io.regimeflow.testkit.Await;
import io.regimeflow.testkit.FakeWebhookReceiver;
import io.regimeflow.testkit.FakeWebhookReceiver.Hang;
import io.regimeflow.testkit.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The dispatcher on its own: timeouts, the breaker, a full backlog, targets that went away. */
class WebhookDispatcherTest {

    static MarketEvent event(int i) {
        return event("BTC/USDT", i);
    }

    static MarketEvent event(String symbol, int i) {
        return new MarketEvent("evt-" + i, EventType.FUNDING_ANOMALY, symbol,
                Severity.WARNING, "t" + i, "d" + i, 1_704_067_200_000L + i, "{}");
    }

    /**
     * The request timeout of the two tests whose receiver holds a request until released: the
     * hold must time out, and the retry, answered at once, must not. 2 s is far beyond a
     * loopback answer even on a loaded machine (it was 300 ms: a retry answered slowly under
     * load timed out too, and the retries counted differed).
     */
    static final long HOLD_TIMEOUT_MS = 2_000;

    /** Delivery to {@code t} with short waits: 3 attempts, 3 failures open the circuit. */
    static WebhookSettings.Builder fast(WebhookTarget t) {
        return WebhookSettings.builder(List.of(t)).maxAttempts(3).backoff(Duration.ofMillis(20))
                .backoffCap(Duration.ofMillis(100)).breakerFailures(3)
                .breakerCooldown(Duration.ofMillis(100)).maxAge(null);
    }

    static WebhookSettings settings(WebhookTarget t, long timeoutMs, int maxPending) {
        return fast(t).timeout(Duration.ofMillis(timeoutMs)).maxPending(maxPending).build();
    }

    @Test
    void aHangingReceiverTimesOutAndTheRetryDelivers() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        try (FakeWebhookReceiver r = new FakeWebhookReceiver()) {
            r.script("/hook", new Hang(never));
            WebhookTarget t = new WebhookTarget("json", r.url("/hook"), WebhookKind.JSON,
                    Set.of(), Severity.INFO, null, null);
            try (WebhookDispatcher d = new WebhookDispatcher(settings(t, HOLD_TIMEOUT_MS, 100),
                    new WebhookLedger(null), () -> 0.5)) {
                d.submit(new PendingDelivery("json", event(1), 0, 0));
                d.awaitIdle();
                assertThat(d.counts.delivered.get()).isEqualTo(1);
                assertThat(d.counts.retries.get()).isEqualTo(1);
                assertThat(r.accepted("/hook")).hasSize(1);
            } finally {
                never.countDown();
            }
        }
    }

    @Test
    void rateLimitsAndFailuresAreCountedApart() throws Exception {
        try (FakeWebhookReceiver r = new FakeWebhookReceiver()) {
            r.script("/hook", new FakeWebhookReceiver.RateLimited(0.05),
                    new FakeWebhookReceiver.ServerError(), new FakeWebhookReceiver.ServerError());
            WebhookTarget t = new WebhookTarget("json", r.url("/hook"), WebhookKind.JSON,
                    Set.of(), Severity.INFO, null, null);
            try (WebhookDispatcher d = new WebhookDispatcher(settings(t, 2_000, 100),
                    new WebhookLedger(null), () -> 0.5)) {
                d.submit(new PendingDelivery("json", event(1), 0, 0));
                d.awaitIdle();
                assertThat(d.counts.rateLimited.get()).isEqualTo(1);
                assertThat(d.counts.failedAttempts.get()).isEqualTo(2);
                assertThat(d.counts.retries.get()).isEqualTo(3);
                assertThat(d.counts.delivered.get()).isEqualTo(1);
            }
        }
    }

    @Test
    void aFullBacklogSendsTheOldestWaitingToTheDeadLettersAndARemovedTargetToo()
            throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (FakeWebhookReceiver r = new FakeWebhookReceiver()) {
            r.script("/hook", new Hang(release));
            WebhookTarget t = new WebhookTarget("json", r.url("/hook"), WebhookKind.JSON,
                    Set.of(), Severity.INFO, null, null);
            // The request timeout is longer than the hold: evt-1 stays out until released,
            // however long the machine takes between here and the release.
            try (WebhookDispatcher d = new WebhookDispatcher(settings(t,
                    Await.PATIENT.multipliedBy(2).toMillis(), 2), new WebhookLedger(null),
                    () -> 0.5)) {
                d.submit(new PendingDelivery("json", event(1), 0, 0));
                Await.until("evt-1 out, held by the receiver", () -> r.arrived("/hook") == 1,
                        () -> r.arrived("/hook") + " requests arrived, pending "
                                + d.pending().stream().map(p -> p.event().eventId()).toList());
                d.submit(new PendingDelivery("json", event(2), 0, 0));
                d.submit(new PendingDelivery("json", event(2), 0, 0)); // not doubled
                d.submit(new PendingDelivery("json", event(3), 0, 0));
                // Over the limit: evt-2, the oldest not out yet, is dropped to dead letters.
                assertThat(d.pending()).extracting(p -> p.event().eventId())
                        .containsExactly("evt-1", "evt-3");
                assertThat(d.counts.deadLettered.get()).isEqualTo(1);
                d.submit(new PendingDelivery("gone", event(4), 2, 2));
                release.countDown();
                d.awaitIdle();
                assertThat(d.counts.deadLettered.get()).isEqualTo(2);
                assertThat(r.accepted("/hook")).extracting(x -> x.header("Idempotency-Key"))
                        .containsExactly("evt-1", "evt-3");
            }
        }
    }

    @Test
    void aReceiverStallingInTheBodyTimesOutToo() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (FakeWebhookReceiver r = new FakeWebhookReceiver()) {
            r.script("/hook", new FakeWebhookReceiver.StallBody(release));
            WebhookTarget t = new WebhookTarget("json", r.url("/hook"), WebhookKind.JSON,
                    Set.of(), Severity.INFO, null, null);
            try (WebhookDispatcher d = new WebhookDispatcher(settings(t, HOLD_TIMEOUT_MS, 100),
                    new WebhookLedger(null), () -> 0.5)) {
                d.submit(new PendingDelivery("json", event(1), 0, 0));
                assertTimeoutPreemptively(Await.PATIENT, d::awaitIdle);
                assertThat(d.counts.delivered.get()).isEqualTo(1);
                assertThat(d.counts.retries.get()).isEqualTo(1);
            } finally {
                release.countDown();
            }
        }
    }

    @Test
    void aProbeAnsweredWith429DoesNotLeaveTheCircuitStuck() throws Exception {
        try (FakeWebhookReceiver r = new FakeWebhookReceiver()) {
            r.script("/hook", new FakeWebhookReceiver.ServerError(),
                    new FakeWebhookReceiver.ServerError(), new FakeWebhookReceiver.ServerError(),
                    new FakeWebhookReceiver.RateLimited(0.1));
            WebhookTarget t = new WebhookTarget("json", r.url("/hook"), WebhookKind.JSON,
                    Set.of(), Severity.INFO, null, null);
            // Three failures open the circuit; the probe after the cooldown gets a 429.
            WebhookSettings s = fast(t).timeout(Duration.ofSeconds(2)).maxAttempts(10)
                    .maxPending(100).build();
            try (WebhookDispatcher d = new WebhookDispatcher(s, new WebhookLedger(null),
                    () -> 0.5)) {
                d.submit(new PendingDelivery("json", event(1), 0, 0));
                assertTimeoutPreemptively(Await.PATIENT, d::awaitIdle);
                assertThat(d.counts.delivered.get()).isEqualTo(1);
                assertThat(r.received("/hook")).hasSize(5);
            }
        }
    }

    /**
     * A delivery's row in {@code webhook_logs} is written off the lane: while the database
     * makes the ledger wait (here a lock on the table; with SQLite, the other sinks' commits),
     * the next alert still goes out, and a checkpoint waits for the rows instead.
     */
    @Test
    void aLedgerWaitingForTheDatabaseHoldsBackNoDeliveryButTheCheckpoint() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create();
                FakeWebhookReceiver r = new FakeWebhookReceiver()) {
            JdbcSettings jdbc = new JdbcSettings(db.url(), PostgresTestDatabase.USER, null, 100,
                    0, 3);
            SchemaMigrator.migrate(jdbc);
            WebhookTarget t = new WebhookTarget("json", r.url("/hook"), WebhookKind.JSON,
                    Set.of(), Severity.INFO, null, null);
            // The lock is released (closed first) before the dispatcher closes: its close
            // waits for the ledger, which waits for the lock.
            try (WebhookDispatcher d = new WebhookDispatcher(settings(t, 10_000, 100),
                    new WebhookLedger(jdbc), () -> 0.5); Connection locker = db.connect()) {
                locker.setAutoCommit(false);
                try (Statement s = locker.createStatement()) {
                    // Inserts wait, reads do not.
                    s.execute("LOCK TABLE webhook_logs IN EXCLUSIVE MODE");
                }
                for (int i = 1; i <= 3; i++) {
                    d.submit(new PendingDelivery("json", event(i), 0, 0));
                }
                Await.until("three alerts delivered while their rows wait for the table",
                        () -> d.counts.delivered.get() == 3,
                        () -> r.accepted("/hook").size() + " posted, " + d.counts.delivered.get()
                                + " delivered");
                // The rows as the checkpoint's snapshot returns: all three, or it did not wait.
                CompletableFuture<Integer> checkpoint = new CompletableFuture<>();
                Thread snapshot = new Thread(() -> {
                    try {
                        List<PendingDelivery> pending = d.snapshot();
                        checkpoint.complete(pending.isEmpty() ? count(db, "webhook_logs") : -1);
                    } catch (Exception e) {
                        checkpoint.completeExceptionally(e);
                    }
                }, "checkpoint");
                snapshot.start();
                Await.until("the checkpoint back, or waiting for the ledger's rows",
                        () -> checkpoint.isDone() || snapshot.getState() == Thread.State.WAITING,
                        () -> "checkpoint thread " + snapshot.getState());
                assertThat(blockedOnLock(db)).as("the ledger's insert waits for the lock")
                        .isTrue();
                locker.commit();
                assertThat(checkpoint.get()).as("rows written when the snapshot returned")
                        .isEqualTo(3);
            }
        }
    }

    static boolean blockedOnLock(PostgresTestDatabase db) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM pg_stat_activity "
                        + "WHERE datname = current_database() AND wait_event_type = 'Lock'")) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }

    static int count(PostgresTestDatabase db, String table) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** A request timeout far beyond the tests' patience: a held request stays out. */
    static final long NEVER_MS = 10 * Await.PATIENT.toMillis();

    /**
     * A signed-JSON target gets each symbol's alerts in order but different symbols side by
     * side: a receiver slow on one alert no longer holds back the others of a market-wide
     * crash, which used to be posted one after another (bench/README.md, alert latency).
     */
    @Test
    void aJsonTargetPostsOtherSymbolsWhileOneIsOutAndEachSymbolInOrder() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (FakeWebhookReceiver r = new FakeWebhookReceiver()) {
            r.script("/hook", new Hang(release));
            WebhookTarget t = new WebhookTarget("json", r.url("/hook"), WebhookKind.JSON,
                    Set.of(), Severity.INFO, null, null);
            try (WebhookDispatcher d = new WebhookDispatcher(settings(t, NEVER_MS, 100),
                    new WebhookLedger(null), () -> 0.5)) {
                d.submit(new PendingDelivery("json", event("BTC/USDT", 1), 0, 0));
                Await.until("BTC's first alert held by the receiver",
                        () -> r.arrived("/hook") == 1, () -> r.arrived("/hook") + " arrived");
                d.submit(new PendingDelivery("json", event("BTC/USDT", 2), 0, 0));
                d.submit(new PendingDelivery("json", event("ETH/USDT", 3), 0, 0));
                d.submit(new PendingDelivery("json", event("SOL/USDT", 4), 0, 0));
                Await.until("ETH's and SOL's alerts delivered while BTC's first is out",
                        () -> r.accepted("/hook").size() == 2,
                        () -> ids(r.accepted("/hook")).toString());
                assertThat(ids(r.accepted("/hook"))).containsExactlyInAnyOrder("evt-3", "evt-4");
                assertThat(r.arrived("/hook")).as("BTC's second waits for its first").isEqualTo(3);
                release.countDown();
                d.awaitIdle();
                assertThat(ids(r.accepted("/hook"))).containsSubsequence("evt-1", "evt-2")
                        .hasSize(4);
            } finally {
                release.countDown();
            }
        }
    }

    @Test
    void aJsonTargetHasAtMostEightRequestsOut() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (FakeWebhookReceiver r = new FakeWebhookReceiver()) {
            r.always("/hook", new Hang(release));
            WebhookTarget t = new WebhookTarget("json", r.url("/hook"), WebhookKind.JSON,
                    Set.of(), Severity.INFO, null, null);
            try (WebhookDispatcher d = new WebhookDispatcher(settings(t, NEVER_MS, 100),
                    new WebhookLedger(null), () -> 0.5)) {
                for (int i = 0; i < 12; i++) {
                    d.submit(new PendingDelivery("json", event("S" + i + "/USDT", i), 0, 0));
                }
                Await.until("eight requests out", () -> r.arrived("/hook") >= 8,
                        () -> r.arrived("/hook") + " arrived");
                assertThat(r.arrived("/hook")).isEqualTo(TargetLanes.MAX_IN_FLIGHT);
                release.countDown();
                d.awaitIdle();
                assertThat(r.accepted("/hook")).hasSize(12);
            } finally {
                release.countDown();
            }
        }
    }

    static List<String> ids(List<FakeWebhookReceiver.Received> received) {
        return received.stream().map(x -> x.header("Idempotency-Key")).toList();
    }

    /** A 429 is the receiver's limit, not a symbol's: every lane of the target waits it out. */
    @Test
    void aJsonTargetsRetryAfterHoldsBackEverySymbol() throws Exception {
        try (FakeWebhookReceiver r = new FakeWebhookReceiver()) {
            r.script("/hook", new FakeWebhookReceiver.RateLimited(1.5));
            WebhookTarget t = new WebhookTarget("json", r.url("/hook"), WebhookKind.JSON,
                    Set.of(), Severity.INFO, null, null);
            try (WebhookDispatcher d = new WebhookDispatcher(settings(t, NEVER_MS, 100),
                    new WebhookLedger(null), () -> 0.5)) {
                d.submit(new PendingDelivery("json", event("BTC/USDT", 1), 0, 0));
                Await.until("BTC's alert answered 429", () -> d.counts.rateLimited.get() == 1,
                        () -> r.arrived("/hook") + " arrived");
                long asked = System.nanoTime();
                d.submit(new PendingDelivery("json", event("ETH/USDT", 2), 0, 0));
                Await.until("ETH's alert delivered",
                        () -> ids(r.accepted("/hook")).contains("evt-2"),
                        () -> ids(r.accepted("/hook")).toString());
                assertThat((System.nanoTime() - asked) / 1_000_000).as("ms before ETH's POST")
                        .isGreaterThanOrEqualTo(1_000);
                d.awaitIdle();
                assertThat(ids(r.accepted("/hook"))).containsExactlyInAnyOrder("evt-1", "evt-2");
            }
        }
    }
}
