package io.regimeflow.connectors.exchange.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    static ExchangeResponseException failure(ExchangeResponseException.Kind kind, Duration retry) {
        return new ExchangeResponseException(kind, "test", 0, null, retry, null);
    }

    // "Random" at its maximum, so backoff is the jitter ceiling and checkable.
    final RetryPolicy policy = new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(8), 5,
            Duration.ofSeconds(30), () -> 1.0);

    @Test
    void backoffDoublesUpToTheCapAndResetsOnSuccess() {
        ExchangeResponseException down = failure(ExchangeResponseException.Kind.UNAVAILABLE, null);
        assertThat(policy.onFailure(down, 0)).isEqualTo(500);
        assertThat(policy.onFailure(down, 0)).isEqualTo(1000);
        assertThat(policy.onFailure(down, 0)).isEqualTo(2000);
        policy.onSuccess();
        assertThat(policy.onFailure(down, 0)).isEqualTo(500);
        RetryPolicy capped = new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(8), 100,
                Duration.ofSeconds(30), () -> 1.0);
        long last = 0;
        for (int i = 0; i < 10; i++) {
            last = capped.onFailure(down, 0);
        }
        assertThat(last).isEqualTo(8000);
    }

    @Test
    void retryAfterIsAFloorAndABanStopsEveryRequestUntilItEnds() {
        assertThat(policy.onFailure(failure(ExchangeResponseException.Kind.RATE_LIMITED,
                Duration.ofSeconds(7)), 0)).isEqualTo(7000);
        policy.onSuccess();
        long wait = policy.onFailure(failure(ExchangeResponseException.Kind.BANNED,
                Duration.ofMinutes(2)), 1_000);
        assertThat(wait).isEqualTo(120_000);
        assertThat(policy.banned(60_000)).isTrue();
        assertThat(policy.waitBeforeRequest(61_000)).isEqualTo(60_000);
        assertThat(policy.banned(121_000)).isFalse();
        assertThat(policy.waitBeforeRequest(121_000)).isZero();
    }

    /** The wait a failure asks for holds every request to the host, not only the next retry. */
    @Test
    void theWaitAfterAFailureIsKeptUntilItEnds() {
        assertThat(policy.onFailure(failure(ExchangeResponseException.Kind.RATE_LIMITED,
                Duration.ofSeconds(7)), 1_000)).isEqualTo(7000);
        assertThat(policy.waitBeforeRequest(1_000)).isEqualTo(7000);
        assertThat(policy.waitBeforeRequest(7_999)).isEqualTo(1);
        assertThat(policy.waitBeforeRequest(8_000)).isZero();
        // 5xx backoff: the jitter ceiling here (random at its maximum), 500 ms then 1 s.
        ExchangeResponseException down = failure(ExchangeResponseException.Kind.UNAVAILABLE, null);
        assertThat(policy.onFailure(down, 10_000)).isEqualTo(1000);
        assertThat(policy.waitBeforeRequest(10_400)).isEqualTo(600);
        assertThat(policy.waitBeforeRequest(11_000)).isZero();
    }

    @Test
    void fiveFailuresInARowOpenTheCircuitForTheCooldown() {
        ExchangeResponseException down = failure(ExchangeResponseException.Kind.UNAVAILABLE, null);
        for (int i = 0; i < 4; i++) {
            policy.onFailure(down, 0);
            assertThat(policy.circuitOpen(0)).isFalse();
        }
        assertThat(policy.onFailure(down, 0)).isEqualTo(30_000);
        assertThat(policy.circuitOpen(29_999)).isTrue();
        assertThat(policy.waitBeforeRequest(10_000)).isEqualTo(20_000);
        // The probe after the cooldown fails: open again at once.
        assertThat(policy.onFailure(down, 30_000)).isEqualTo(30_000);
        policy.onSuccess();
        assertThat(policy.onFailure(down, 70_000)).isEqualTo(500);
    }

    @Test
    void aRejectedRequestIsNeverRetried() {
        assertThatThrownBy(() -> policy.onFailure(failure(ExchangeResponseException.Kind.REJECTED,
                null), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
