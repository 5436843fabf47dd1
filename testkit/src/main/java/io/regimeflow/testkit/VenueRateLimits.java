package io.regimeflow.testkit;

import io.regimeflow.testkit.FakeDerivativesVenues.Limit;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The requests {@link FakeDerivativesVenues} is told to rate-limit: how many are left, and the
 * answer asked for them (none: each venue's usual).
 */
final class VenueRateLimits {

    private final AtomicInteger remaining = new AtomicInteger();
    private volatile Limit asked;

    /** The next {@code n} requests are limited with {@code how} (null: the venue's usual). */
    void limitNext(int n, Limit how) {
        asked = how;
        remaining.set(n);
    }

    /** Whether this request is limited; counts it against those left. */
    boolean take() {
        return remaining.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    /** The answer asked for, null for the venue's usual. */
    Limit asked() {
        return asked;
    }

    /** The recorded answer asked for, or {@code usual}, with {@code headers}. */
    VenueAnswer answer(Limit usual, Map<String, String> headers) {
        Limit how = asked != null ? asked : usual;
        String body = how.recorded == null ? "" : RecordedErrors.get(how.recorded, how.status)
                .body();
        return new VenueAnswer(how.status, headers, body);
    }
}
