package io.regimeflow.connectors.webhook;

import static io.regimeflow.connectors.webhook.AttemptRecorder.daemon;

import io.github.resilience4j.core.IntervalFunction;
import io.regimeflow.connectors.resilience.Backoffs;
import io.regimeflow.connectors.resilience.Circuit;
import java.io.IOException;
import java.sql.SQLException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * Delivers events to webhook targets in the background, so that a slow or dead receiver never
 * holds up the caller. Deliveries go out one at a time per lane, in the order submitted: a chat
 * target has one lane (its channel reads them in order, its rate limit is not flooded), a JSON
 * target one per symbol ({@link TargetLanes}). A failed attempt is retried with exponential
 * backoff (between half and all of min(cap, base x 2^(n-1)) after the n-th), never sooner than a
 * 429 asks; a {@link Circuit} per target keeps attempts away from a receiver that keeps failing;
 * after {@code maxAttempts}, or on an answer a retry would only repeat, the event goes to the
 * dead letters. {@link #pending()} is the checkpointed state; {@link AttemptRecorder} the ledger.
 */
final class WebhookDispatcher implements AutoCloseable {

    private final WebhookSettings settings;
    private final WebhookLedger ledger;
    private final AttemptRecorder recorder;
    /** Milliseconds to wait after the n-th attempt of a delivery. */
    private final IntervalFunction backoff;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private final WebhookSender sender;
    private final Map<String, TargetLanes> targets = new LinkedHashMap<>();

    private volatile Exception failure;

    final DeliveryCounts counts = new DeliveryCounts();

    WebhookDispatcher(WebhookSettings settings, WebhookLedger ledger, DoubleSupplier random) {
        this.settings = settings;
        this.ledger = ledger;
        this.recorder = new AttemptRecorder(ledger, this::fail);
        this.backoff = Backoffs.halfJitter(Duration.ofMillis(settings.backoffMs()),
                Duration.ofMillis(settings.backoffCapMs()), random);
        this.workers = Executors.newFixedThreadPool(2, daemon("webhook-delivery"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("webhook-timer"));
        this.sender = new WebhookSender(settings.timeoutMs());
    }

    /** Queues a delivery; one already pending for the same target and event is not doubled. */
    synchronized void submit(PendingDelivery d) throws IOException {
        checkHealthy();
        TargetLanes target = targets.computeIfAbsent(d.target(),
                name -> new TargetLanes(settings, name));
        WebhookLane lane = target.laneOf(d);
        if (!lane.eventIds.add(d.event().eventId())) {
            return;
        }
        lane.queue.add(d);
        WebhookLane full = target.overflowing(settings.maxPending());
        if (full != null) {
            PendingDelivery evicted = full.oldestWaiting();
            if (deadLetter(full, evicted, "more than " + settings.maxPending() + " deliveries "
                    + "waiting for this target")) {
                full.drop(evicted);
            }
        }
        pump(lane, 0);
    }

    /**
     * Every delivery not yet done, for a checkpoint, once the rows of the attempts ended before
     * it are written: fails if a record could not be kept.
     */
    List<PendingDelivery> snapshot() throws IOException {
        List<PendingDelivery> pending;
        CompletableFuture<Void> rows;
        synchronized (this) {
            checkHealthy();
            pending = pending();
            rows = recorder.barrier();
        }
        AttemptRecorder.await(rows); // not holding the lock a failed row reports under
        checkHealthy();
        return pending;
    }

    /** Every delivery not yet done, with its failed attempts so far. */
    synchronized List<PendingDelivery> pending() {
        List<PendingDelivery> all = new ArrayList<>();
        targets.values().forEach(t -> t.lanes().forEach(l -> all.addAll(l.queue)));
        return all;
    }

    /** Waits until every delivery is done: delivered or dead-lettered. */
    void awaitIdle() throws IOException, InterruptedException {
        CompletableFuture<Void> rows;
        synchronized (this) {
            while (targets.values().stream().anyMatch(t -> t.pending() > 0)) {
                checkHealthy();
                wait(200);
            }
            rows = recorder.barrier();
        }
        AttemptRecorder.await(rows); // not holding the lock a failed row reports under
        checkHealthy();
    }

    /** Rethrows a failure to record an attempt or a dead letter: the job must fail over. */
    void checkHealthy() throws IOException {
        Exception f = failure;
        if (f != null) {
            throw new IOException("webhook delivery cannot record its attempts: "
                    + f.getMessage(), f);
        }
    }

    private void pump(WebhookLane lane, long delayMs) {
        if (lane.busy || lane.queue.isEmpty() || timer.isShutdown()) {
            return;
        }
        lane.busy = true;
        timer.schedule(() -> attempt(lane), delayMs, TimeUnit.MILLISECONDS);
    }

    private void attempt(WebhookLane lane) {
        PendingDelivery d;
        synchronized (this) {
            d = lane.queue.peek();
            if (d == null) {
                lane.busy = false;
                return;
            }
        }
        if (lane.target == null) {
            synchronized (this) {
                giveUp(lane, d, "target '" + lane.name + "' is no longer configured");
                notifyAll();
            }
            return;
        }
        synchronized (this) {
            if (!lane.owner.takeSlot(lane)) {
                return; // attempted again when a request of the target's ends
            }
        }
        long paused = lane.owner.pausedForMs(System.currentTimeMillis());
        long wait = paused > 0 ? paused : lane.circuit.admit(); // no probe taken while paused
        if (wait > 0) {
            freeSlot(lane);
            timer.schedule(() -> attempt(lane), wait, TimeUnit.MILLISECONDS);
            return;
        }
        HttpRequest request;
        try {
            request = sender.httpRequest(WebhookFormats.request(lane.target, d.event(),
                    System.currentTimeMillis()));
        } catch (RuntimeException e) {
            // Not the receiver's fault and no retry would change it: a dead letter, not a
            // lane stuck behind an exception the timer thread would swallow.
            lane.circuit.onNeutral();
            freeSlot(lane);
            synchronized (this) {
                giveUp(lane, d, "cannot build the request: " + e);
                notifyAll();
            }
            return;
        }
        long started = System.nanoTime();
        sender.send(request).whenCompleteAsync((response, error) -> {
            try {
                completed(lane, d, response, error, (System.nanoTime() - started) / 1_000_000);
            } catch (RuntimeException e) {
                fail(e);
            }
        }, workers);
    }

    private void completed(WebhookLane lane, PendingDelivery d, HttpResponse<String> response,
            Throwable error, long latencyMs) {
        DeliveryOutcome outcome = DeliveryOutcome.of(lane.target.kind(), response, error);
        long now = System.currentTimeMillis();
        boolean patience = outcome.status() == 429;
        PendingDelivery failed = patience ? d.askedToWait() : d.failedOnce();
        recorder.attempt(lane.target, d, failed.attempts(), outcome, latencyMs, now);
        synchronized (this) {
            if (patience) {
                counts.rateLimited.incrementAndGet();
            } else if (outcome.result() != DeliveryOutcome.Result.DELIVERED) {
                counts.failedAttempts.incrementAndGet();
            }
            switch (outcome.result()) {
                case DELIVERED -> {
                    lane.circuit.onSuccess();
                    counts.delivered.incrementAndGet();
                    lane.drop(lane.queue.peek());
                    next(lane, 0);
                }
                case REJECTED -> {
                    // The receiver answered: it is up, it refuses this event.
                    lane.circuit.onNeutral();
                    giveUp(lane, failed, outcome.detail());
                }
                case RETRY -> {
                    if (patience) {
                        lane.circuit.onNeutral();
                        lane.owner.pauseUntil(now + outcome.retryAfterMs());
                    } else {
                        lane.circuit.onFailure();
                    }
                    if (failed.failures() >= settings.maxAttempts()) {
                        giveUp(lane, failed, "gave up after " + failed.failures()
                                + " failed attempts; last: " + outcome.detail());
                    } else {
                        counts.retries.incrementAndGet();
                        lane.queue.pollFirst();
                        lane.queue.addFirst(failed);
                        next(lane, Math.max(backoff.apply(failed.attempts()),
                                outcome.retryAfterMs()));
                    }
                }
            }
            notifyAll();
        }
        freeSlot(lane); // after the circuit heard of it: a waiting lane may be admitted now
    }

    /**
     * The lane's head goes to the dead letters (leaving the lane only once recorded there) and
     * the lane goes on. Called holding this dispatcher's lock.
     */
    private void giveUp(WebhookLane lane, PendingDelivery d, String reason) {
        if (deadLetter(lane, d, reason)) {
            lane.drop(lane.queue.peek());
        }
        next(lane, 0);
    }

    /** The lane's request slot is free: a lane of the target waiting for one tries again. */
    private synchronized void freeSlot(WebhookLane lane) {
        WebhookLane waited = lane.owner.releaseSlot();
        if (waited != null && !timer.isShutdown()) {
            timer.execute(() -> attempt(waited));
        }
    }

    /** The attempt at the lane's head is over: the next one in {@code delayMs}. */
    private void next(WebhookLane lane, long delayMs) {
        lane.busy = false;
        pump(lane, delayMs);
    }

    /**
     * Records a dead letter; the caller removes the delivery only when this succeeded, so an
     * event is always pending, delivered or dead-lettered, and a failed record fails the job
     * (the next checkpoint, write or flush) with the delivery still in its state.
     */
    private boolean deadLetter(WebhookLane lane, PendingDelivery d, String reason) {
        try {
            ledger.deadLetter(lane.name, lane.target == null ? "(unknown)"
                    : lane.target.maskedUrl(), d, reason, System.currentTimeMillis());
            counts.deadLettered.incrementAndGet();
            return true;
        } catch (Exception e) {
            fail(e);
            return false;
        }
    }

    private synchronized void fail(Exception e) {
        if (failure == null) {
            failure = e;
        }
        notifyAll();
    }

    @Override
    public void close() throws SQLException {
        timer.shutdownNow();
        workers.shutdownNow();
        try {
            // A completion under way would otherwise reopen the ledger's connection after it.
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        recorder.close();
    }
}
