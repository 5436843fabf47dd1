package io.regimeflow.connectors.webhook;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Writes the dispatcher's attempts to the {@link WebhookLedger} on a thread of its own, in the
 * order they ended, so that a lane's next delivery never waits for the previous one's row: with
 * SQLite that insert waits for the write lock the other sinks hold while they commit (the
 * alert-latency bench measured 0.4 s per delivery, bench/README.md). The rows queued while one
 * batch is written go in the next, in one transaction. A checkpoint waits for the
 * rows of every attempt ended before it ({@link #barrier()}), so a delivery that left the
 * checkpointed state has its row; a row that cannot be written fails the job through
 * {@code onFailure}.
 */
final class AttemptRecorder implements AutoCloseable {

    private final WebhookLedger ledger;
    private final Consumer<Exception> onFailure;
    private final Queue<WebhookLedger.Attempt> queued = new ConcurrentLinkedQueue<>();
    private final ExecutorService writer =
            Executors.newSingleThreadExecutor(daemon("webhook-ledger"));

    AttemptRecorder(WebhookLedger ledger, Consumer<Exception> onFailure) {
        this.ledger = ledger;
        this.onFailure = onFailure;
    }

    /** Queues the row of an ended attempt (see {@link WebhookLedger.Attempt}). */
    void attempt(WebhookTarget target, PendingDelivery d, int attempt, DeliveryOutcome outcome,
            long latencyMs, long atMs) {
        queued.add(new WebhookLedger.Attempt(target, d, attempt, outcome, latencyMs, atMs));
        writer.execute(this::writeQueued);
    }

    /** Writes every row queued so far in one batch (a later call may find none left). */
    private void writeQueued() {
        List<WebhookLedger.Attempt> batch = new ArrayList<>();
        for (WebhookLedger.Attempt a = queued.poll(); a != null; a = queued.poll()) {
            batch.add(a);
        }
        try {
            ledger.attempts(batch);
        } catch (Exception e) {
            onFailure.accept(e);
        }
    }

    /** Completes once every row queued before this call is written (or has failed). */
    CompletableFuture<Void> barrier() {
        return CompletableFuture.runAsync(() -> {}, writer);
    }

    /**
     * Waits for a {@link #barrier()}.
     *
     * @throws InterruptedIOException if interrupted while waiting
     */
    static void await(CompletableFuture<Void> rows) throws IOException {
        try {
            rows.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for the webhook ledger");
        } catch (ExecutionException e) {
            throw new IOException("webhook ledger writer failed", e.getCause());
        }
    }

    /** Daemon threads named {@code name}: the webhook threads never hold a JVM's exit. */
    static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Writes what is queued (for at most 5 s more), then closes the ledger. */
    @Override
    public void close() throws SQLException {
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.shutdownNow();
        ledger.close();
    }
}
