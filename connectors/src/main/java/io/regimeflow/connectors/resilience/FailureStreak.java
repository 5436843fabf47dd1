package io.regimeflow.connectors.resilience;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.util.function.Predicate;
import org.apache.flink.annotation.Internal;

/**
 * Failures in a row and the wait each one asks for, counted by a resilience4j {@link Retry} that
 * never gives up (a market-data source retries for as long as it runs; giving up is its
 * caller's decision). A success ends the streak: the next failure waits the least again.
 *
 * <p>Not thread-safe: one per caller thread.
 */
@Internal
public final class FailureStreak {
    private static final Exception NO_CAUSE = new Exception("failed", null, false, false) {
    };

    private final Retry retry;
    private Retry.AsyncContext<Object> attempts;

    /**
     * @param interval the wait after the n-th failure in a row (n from 1), in milliseconds
     * @param retryable which failures may be retried; others are not counted
     */
    public FailureStreak(String name, IntervalFunction interval, Predicate<Throwable> retryable) {
        this.retry = Retry.of(name, RetryConfig.custom()
                .maxAttempts(Integer.MAX_VALUE)
                .intervalFunction(interval)
                .retryOnException(retryable)
                .build());
        this.attempts = retry.asyncContext();
    }

    /**
     * Counts a failure; the milliseconds to wait before the next attempt.
     *
     * @throws IllegalArgumentException for a failure that must not be retried
     */
    public long onFailure(Throwable cause) {
        long wait = attempts.onError(cause);
        if (wait < 0) {
            throw new IllegalArgumentException("not retryable: " + cause.getMessage(), cause);
        }
        return wait;
    }

    /** Counts a failure that carries no exception of its own (a socket closed by its peer). */
    public long onFailure() {
        return onFailure(NO_CAUSE);
    }

    /** An attempt succeeded: the streak ends. */
    public void onSuccess() {
        attempts.onComplete();
        attempts = retry.asyncContext();
    }
}
