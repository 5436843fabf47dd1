package io.regimeflow.connectors.exchange.http;

import io.regimeflow.connectors.resilience.Backoffs;
import io.regimeflow.connectors.resilience.Circuit;
import io.regimeflow.connectors.resilience.FailureStreak;
import java.time.Duration;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
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
 *   <li>5xx, timeouts, broken or malformed answers: exponential backoff with full jitter, capped
 *       ({@link Backoffs#fullJitter}, counted by resilience4j's Retry in {@link FailureStreak});
 *   <li>after {@code breakerThreshold} failures in a row the circuit opens for
 *       {@code breakerCooldown} ({@link Circuit}, resilience4j's circuit breaker): the first
 *       request after it is the probe, which closes the circuit on success and re-opens it on
 *       failure. The backoff goes on growing meanwhile, so a host that stays down is probed
 *       after the longer of the cooldown and the backoff (30 to 60 s with the defaults).
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

    private final FailureStreak failures;
    private final Circuit circuit;
    private final LongSupplier clock;
    private long bannedUntilMs;
    /** No request before this: the wait the last failure asked for (Retry-After, backoff). */
    private long notBeforeMs;

    /**
     * @param random the jitter's source, values in [0, 1)
     * @param clock wall-clock milliseconds
     */
    public RetryPolicy(Duration base, Duration cap, int breakerThreshold, Duration breakerCooldown,
            DoubleSupplier random, LongSupplier clock) {
        this.failures = new FailureStreak("exchange", Backoffs.fullJitter(base, cap, random),
                e -> e instanceof ExchangeResponseException x && x.retryable());
        this.circuit = new Circuit("exchange", breakerThreshold, breakerCooldown, clock);
        this.clock = clock;
    }

    /** Sensible defaults for a public market-data API: 0.5 s doubling to 60 s; 5 failures, 30 s. */
    public static RetryPolicy defaults(LongSupplier clock) {
        return new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(60), 5,
                Duration.ofSeconds(30), Math::random, clock);
    }

    /** Milliseconds before the next request to this host may go out. */
    public long waitBeforeRequest() {
        long now = clock.getAsLong();
        long asked = Math.max(notBeforeMs, bannedUntilMs) - now;
        return Math.max(circuit.openForMs(), Math.max(0, asked));
    }

    public long bannedUntil() {
        return bannedUntilMs;
    }

    /** Whether the circuit is open (too many failures in a row). */
    public boolean circuitOpen() {
        return circuit.open();
    }

    public void onSuccess() {
        failures.onSuccess();
        circuit.onSuccess();
    }

    /**
     * Records a failure; returns how long to wait before retrying, in milliseconds.
     *
     * @throws IllegalArgumentException for a failure that must not be retried (REJECTED)
     */
    public long onFailure(ExchangeResponseException e) {
        long backoff = failures.onFailure(e);
        long now = clock.getAsLong();
        long wait;
        switch (e.kind()) {
            case BANNED -> {
                // Binance bans for 2 minutes to 3 days; without a Retry-After, assume the short
                // one.
                long ban = e.retryAfter() != null ? e.retryAfter().toMillis() : 120_000;
                bannedUntilMs = Math.max(bannedUntilMs, now + ban);
                wait = ban;
            }
            case RATE_LIMITED -> wait = Math.max(backoff, e.retryAfter() != null
                    ? e.retryAfter().toMillis() : 0);
            default -> wait = backoff;
        }
        circuit.onFailure();
        wait = Math.max(wait, circuit.openForMs());
        notBeforeMs = Math.max(notBeforeMs, now + wait);
        return wait;
    }
}
