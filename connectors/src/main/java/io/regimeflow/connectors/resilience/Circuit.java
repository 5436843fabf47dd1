package io.regimeflow.connectors.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.flink.annotation.Internal;

/**
 * A circuit breaker for one host or receiver, on resilience4j's {@link CircuitBreaker}: after
 * {@code failuresInARow} failures in a row it opens for {@code cooldown}, during which nothing is
 * sent; then one request probes: its success closes the circuit, its failure opens it again. A
 * host that is down thus costs one request per cooldown, not one per waiting record.
 *
 * <p>Two ways to use it: {@link #admit} right before sending (takes the probe's permission:
 * callers on several threads), or {@link #openForMs} to schedule (a single fetch thread; the
 * first request that ends after the cooldown is the probe). Either way every request's end is
 * reported: {@link #onSuccess}, {@link #onFailure}, or {@link #onNeutral} for an answer that
 * says nothing about the host's health (a 429, a refusal of one record). Thread-safe.
 */
@Internal
public final class Circuit {
    /** What resilience4j records for a failure: the caller has decided that it counts. */
    private static final Exception FAILED = new Exception("failed", null, false, false) {
    };

    private final CircuitBreaker breaker;
    private final Duration cooldown;
    private final LongSupplier clock;
    /** While the probe is out, others ask again this much later. */
    private final long probeWaitMs;
    /**
     * The first wall-clock millisecond at which the probe may go: resilience4j leaves the open
     * state strictly after its wait.
     */
    private volatile long openUntil;

    /** @param clock wall-clock milliseconds (a test's own clock, or System::currentTimeMillis) */
    public Circuit(String name, int failuresInARow, Duration cooldown, LongSupplier clock) {
        if (failuresInARow < 1) {
            throw new IllegalArgumentException("failures in a row must be at least 1, was "
                    + failuresInARow);
        }
        this.cooldown = cooldown;
        this.clock = clock;
        this.probeWaitMs = Math.max(100, cooldown.toMillis() / 10);
        // 100% failures over the last n calls: n failures in a row.
        this.breaker = CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(failuresInARow)
                .minimumNumberOfCalls(failuresInARow)
                .failureRateThreshold(100)
                .waitDurationInOpenState(cooldown)
                .permittedNumberOfCallsInHalfOpenState(1)
                .clock(new MillisClock(clock))
                .build());
    }

    /**
     * Milliseconds until a request may be sent: 0 to send now (the caller then sends it and
     * reports its end). While open, the rest of the cooldown; while the probe is out, a tenth of
     * the cooldown (at least 100 ms).
     */
    public long admit() {
        if (breaker.tryAcquirePermission()) {
            return 0;
        }
        return breaker.getState() == CircuitBreaker.State.OPEN
                ? Math.max(1, openUntil - clock.getAsLong()) : probeWaitMs;
    }

    /** Milliseconds the circuit stays open from now; 0 when a request may go (maybe the probe). */
    public long openForMs() {
        if (breaker.getState() != CircuitBreaker.State.OPEN) {
            return 0;
        }
        return Math.max(0, openUntil - clock.getAsLong());
    }

    /** Whether the circuit is open now. */
    public boolean open() {
        return openForMs() > 0;
    }

    public void onSuccess() {
        probeIfDue();
        breaker.onSuccess(0, TimeUnit.MILLISECONDS);
    }

    /** Counts a failure; returns whether it opened the circuit (from closed or after a probe). */
    public boolean onFailure() {
        probeIfDue();
        CircuitBreaker.State before = breaker.getState();
        breaker.onError(0, TimeUnit.MILLISECONDS, FAILED);
        boolean opened = before != CircuitBreaker.State.OPEN
                && breaker.getState() == CircuitBreaker.State.OPEN;
        if (opened) {
            openUntil = clock.getAsLong() + cooldown.toMillis() + 1;
        }
        return opened;
    }

    /** An attempt that ended neither way for the circuit: a probe is over, nothing counted. */
    public void onNeutral() {
        breaker.releasePermission();
    }

    /**
     * A request that ended after the cooldown without asking {@link #admit} was the probe:
     * resilience4j moves to half-open only when asked for a permission.
     */
    private void probeIfDue() {
        if (breaker.getState() == CircuitBreaker.State.OPEN) {
            breaker.tryAcquirePermission();
        }
    }

    /** resilience4j's clock, read from the caller's milliseconds. */
    private static final class MillisClock extends Clock {
        private final LongSupplier millis;

        MillisClock(LongSupplier millis) {
            this.millis = millis;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.getAsLong());
        }
    }
}
