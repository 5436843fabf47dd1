package io.regimeflow.connectors.resilience;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.util.function.DoubleSupplier;
import org.apache.flink.annotation.Internal;

/**
 * Exponential backoff with jitter, as resilience4j interval functions (attempt n, from 1, to
 * milliseconds). The ceiling is resilience4j's exponential backoff, min(cap, base x 2^(n-1));
 * the jitter is drawn from {@code random} (values in [0, 1)) rather than resilience4j's own
 * {@code Math.random()}, so that a test can pin it.
 */
@Internal
public final class Backoffs {
    private Backoffs() {
    }

    /**
     * "Full jitter": uniform in [0, ceiling]. Spreads the retries of many clients the most; for a
     * shared host such as an exchange's API.
     */
    public static IntervalFunction fullJitter(Duration base, Duration cap, DoubleSupplier random) {
        IntervalFunction ceiling = IntervalFunction.ofExponentialBackoff(base, 2.0, cap);
        return attempt -> (long) (random.getAsDouble() * ceiling.apply(attempt));
    }

    /**
     * Uniform in [ceiling / 2, ceiling]: never much sooner than the ceiling, for a receiver that
     * must not be asked again at once (a webhook, a socket the venue just closed).
     */
    public static IntervalFunction halfJitter(Duration base, Duration cap, DoubleSupplier random) {
        IntervalFunction ceiling = IntervalFunction.ofExponentialBackoff(base, 2.0, cap);
        return attempt -> {
            long c = ceiling.apply(attempt);
            return c / 2 + (long) (random.getAsDouble() * c / 2);
        };
    }
}
