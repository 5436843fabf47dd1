package io.regimeflow.connectors.webhook;

import java.util.concurrent.atomic.AtomicLong;

/** What a {@link WebhookDispatcher} did since it started: the sink writer's gauges. */
final class DeliveryCounts {
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong deadLettered = new AtomicLong();
    /** Attempts that failed (error status, timeout, refused); 429s are counted apart. */
    final AtomicLong failedAttempts = new AtomicLong();
    final AtomicLong rateLimited = new AtomicLong();
}
