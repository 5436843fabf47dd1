package io.regimeflow.connectors.exchange.http;

import java.time.Duration;
import java.util.function.DoubleSupplier;
import org.apache.flink.annotation.Internal;

/**
 * How long to wait after a failed request, and when to stop trying for a while; the wait is
 * kept, and {@link #waitBeforeRequest} holds every request to the host until it has passed
 * (Binance bans an IP that keeps asking after a 429). Per host:
 *
 * <ul>
 *   <li>429, and a 403 that is not a region refusal (a firewall limit): at least the
 *       Retry-After the exchange asked for;
 *   <li>418 (IP banned): nothing to the host until the ban ends ({@link #bannedUntil});
 *   <li>5xx, timeouts, broken or malformed answers: exponential backoff with full jitter, capped;
 *   <li>after {@code breakerThreshold} failures in a row the circuit opens for
 *       {@code breakerCooldown}: one probe is allowed after it, which closes the circuit on
 *       success and re-opens it on failure.
 * </ul>
 *
 * Not thread-safe: one per reader, used from the reader's fetch thread.
 */
@Internal
public final class RetryPolicy {

    /**
     * A venue that refused this region (HTTP 451, or a 403 that says so) is asked again this much
     * later: a REST request or a websocket, never sooner.
     */
    public static final long REGION_RETRY_MS = 3_600_000L;

    private final Duration base;
    private final Duration cap;
    private final int breakerThreshold;
    private final Duration breakerCooldown;
    private final DoubleSupplier random;
    private int consecutiveFailures;
    private long openUntilMs;
    private long bannedUntilMs;
    /** No request before this: the wait the last failure asked for (Retry-After, backoff). */
    private long notBeforeMs;

    public RetryPolicy(Duration base, Duration cap, int breakerThreshold, Duration breakerCooldown,
            DoubleSupplier random) {
        this.base = base;
        this.cap = cap;
        this.breakerThreshold = breakerThreshold;
        this.breakerCooldown = breakerCooldown;
        this.random = random;
    }

    /** Sensible defaults for a public market-data API. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(60), 5,
                Duration.ofSeconds(30), Math::random);
    }

    /** Milliseconds before the next request to this host may go out at {@code nowMs}. */
    public long waitBeforeRequest(long nowMs) {
        return Math.max(0, Math.max(notBeforeMs, Math.max(bannedUntilMs, openUntilMs)) - nowMs);
    }

    /** Whether the host banned us and the ban is still on at {@code nowMs}. */
    public boolean banned(long nowMs) {
        return nowMs < bannedUntilMs;
    }

    public long bannedUntil() {
        return bannedUntilMs;
    }

    /** Whether the circuit is open (too many failures in a row) at {@code nowMs}. */
    public boolean circuitOpen(long nowMs) {
        return nowMs < openUntilMs;
    }

    public void onSuccess() {
        consecutiveFailures = 0;
    }

    /**
     * Records a failure at {@code nowMs}; returns how long to wait before retrying.
     *
     * @throws IllegalArgumentException for a failure that must not be retried (REJECTED)
     */
    public long onFailure(ExchangeResponseException e, long nowMs) {
        if (!e.retryable()) {
            throw new IllegalArgumentException("not retryable: " + e.getMessage(), e);
        }
        consecutiveFailures++;
        long wait;
        switch (e.kind()) {
            case BANNED -> {
                // Binance bans for 2 minutes to 3 days; without a Retry-After, assume the short
                // one.
                long ban = e.retryAfter() != null ? e.retryAfter().toMillis() : 120_000;
                bannedUntilMs = Math.max(bannedUntilMs, nowMs + ban);
                wait = ban;
            }
            case RATE_LIMITED -> wait = Math.max(backoff(), e.retryAfter() != null
                    ? e.retryAfter().toMillis() : 0);
            default -> wait = backoff();
        }
        if (consecutiveFailures >= breakerThreshold) {
            openUntilMs = nowMs + Math.max(wait, breakerCooldown.toMillis());
            wait = openUntilMs - nowMs;
            consecutiveFailures = breakerThreshold - 1; // the probe after the cooldown decides
        }
        notBeforeMs = Math.max(notBeforeMs, nowMs + wait);
        return wait;
    }

    /** Full jitter: uniform in [0, min(cap, base x 2^(n-1))]. */
    private long backoff() {
        double ceiling = Math.min(cap.toMillis(),
                base.toMillis() * Math.pow(2, Math.min(30, consecutiveFailures - 1)));
        return (long) (random.getAsDouble() * ceiling);
    }
}
