package io.regimeflow.connectors.webhook;

/**
 * A circuit breaker for one receiver: after {@code threshold} failed attempts in a row it opens
 * for {@code cooldownMs}, during which no attempt goes to that receiver (its deliveries wait,
 * keeping their attempt counts); then one attempt probes it: success closes the circuit, failure
 * opens it again. A receiver that is down thus costs one request per cooldown, not one per
 * pending event. Thread-safe.
 */
final class EndpointBreaker {
    private final int threshold;
    private final long cooldownMs;
    private int failures;
    private long openUntilMs;
    private boolean probing;

    EndpointBreaker(int threshold, long cooldownMs) {
        this.threshold = threshold;
        this.cooldownMs = cooldownMs;
    }

    /**
     * Milliseconds until an attempt may go out at {@code nowMs}: 0 to go now (the caller then
     * makes the attempt). While open, or while the probe is out, the wait until it may try again.
     */
    synchronized long admit(long nowMs) {
        if (failures < threshold) {
            return 0;
        }
        if (nowMs < openUntilMs) {
            return openUntilMs - nowMs;
        }
        if (probing) {
            return Math.max(100, cooldownMs / 10);
        }
        probing = true;
        return 0;
    }

    synchronized void onSuccess() {
        failures = 0;
        probing = false;
    }

    /**
     * An attempt that ended neither way for the circuit (a 429, a refusal of this one event, a
     * request that could not be built): a probe is over, the count stays.
     */
    synchronized void onNeutral() {
        probing = false;
    }

    /** @return whether this failure opened the circuit */
    synchronized boolean onFailure(long nowMs) {
        probing = false;
        failures++;
        if (failures >= threshold) {
            openUntilMs = nowMs + cooldownMs;
            return failures == threshold;
        }
        return false;
    }

    synchronized boolean open(long nowMs) {
        return failures >= threshold && nowMs < openUntilMs;
    }
}
