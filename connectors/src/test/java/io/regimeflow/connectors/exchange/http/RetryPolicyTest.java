package io.regimeflow.connectors.exchange.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    static ExchangeResponseException failure(ExchangeResponseException.Kind kind, Duration retry) {
        return new ExchangeResponseException(kind, "test", 0, null, retry, null);
    }

    final AtomicLong now = new AtomicLong();
    // "Random" at its maximum, so backoff is the jitter ceiling and checkable.
    final RetryPolicy policy = new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(8), 5,
            Duration.ofSeconds(30), () -> 1.0, now::get);
    final ExchangeResponseException down =
            failure(ExchangeResponseException.Kind.UNAVAILABLE, null);

    @Test
    void backoffDoublesUpToTheCapAndResetsOnSuccess() {
        assertThat(policy.onFailure(down)).isEqualTo(500);
        assertThat(policy.onFailure(down)).isEqualTo(1000);
        assertThat(policy.onFailure(down)).isEqualTo(2000);
        policy.onSuccess();
        assertThat(policy.onFailure(down)).isEqualTo(500);
        RetryPolicy capped = new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(8), 100,
                Duration.ofSeconds(30), () -> 1.0, now::get);
        long last = 0;
        for (int i = 0; i < 10; i++) {
            last = capped.onFailure(down);
        }
        assertThat(last).isEqualTo(8000);
    }

    @Test
    void theJitterIsDrawnFromTheGivenSource() {
        RetryPolicy half = new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(8), 100,
                Duration.ofSeconds(30), () -> 0.25, now::get);
        assertThat(half.onFailure(down)).isEqualTo(125);
        assertThat(half.onFailure(down)).isEqualTo(250);
        assertThat(half.onFailure(down)).isEqualTo(500);
    }

    @Test
    void retryAfterIsAFloorAndABanStopsEveryRequestUntilItEnds() {
        assertThat(policy.onFailure(failure(ExchangeResponseException.Kind.RATE_LIMITED,
                Duration.ofSeconds(7)))).isEqualTo(7000);
        policy.onSuccess();
        now.set(1_000);
        long wait = policy.onFailure(failure(ExchangeResponseException.Kind.BANNED,
                Duration.ofMinutes(2)));
        assertThat(wait).isEqualTo(120_000);
        assertThat(policy.bannedUntil()).isEqualTo(121_000);
        now.set(61_000);
        assertThat(policy.waitBeforeRequest()).isEqualTo(60_000);
        now.set(121_000);
        assertThat(policy.waitBeforeRequest()).isZero();
    }

    /** The wait a failure asks for holds every request to the host, not only the next retry. */
    @Test
    void theWaitAfterAFailureIsKeptUntilItEnds() {
        now.set(1_000);
        assertThat(policy.onFailure(failure(ExchangeResponseException.Kind.RATE_LIMITED,
                Duration.ofSeconds(7)))).isEqualTo(7000);
        assertThat(policy.waitBeforeRequest()).isEqualTo(7000);
        now.set(7_999);
        assertThat(policy.waitBeforeRequest()).isEqualTo(1);
        now.set(8_000);
        assertThat(policy.waitBeforeRequest()).isZero();
        // 5xx backoff: the jitter ceiling here (random at its maximum), 500 ms then 1 s.
        now.set(10_000);
        assertThat(policy.onFailure(down)).isEqualTo(1000);
        now.set(10_400);
        assertThat(policy.waitBeforeRequest()).isEqualTo(600);
        now.set(11_000);
        assertThat(policy.waitBeforeRequest()).isZero();
    }

    @Test
    void fiveFailuresInARowOpenTheCircuitForTheCooldown() {
        for (int i = 0; i < 4; i++) {
            policy.onFailure(down);
            assertThat(policy.circuitOpen()).isFalse();
        }
        // Open for 30 s: the first request may go 30,001 ms later (resilience4j leaves the open
        // state strictly after its wait).
        assertThat(policy.onFailure(down)).isEqualTo(30_001);
        now.set(29_999);
        assertThat(policy.circuitOpen()).isTrue();
        now.set(10_000);
        assertThat(policy.waitBeforeRequest()).isEqualTo(20_001);
        // The probe after the cooldown fails: open again at once.
        now.set(30_001);
        assertThat(policy.waitBeforeRequest()).isZero();
        assertThat(policy.onFailure(down)).isEqualTo(30_001);
        assertThat(policy.circuitOpen()).isTrue();
        // The next probe succeeds: closed, and the backoff starts from its base again.
        now.set(60_002);
        assertThat(policy.waitBeforeRequest()).isZero();
        policy.onSuccess();
        assertThat(policy.circuitOpen()).isFalse();
        assertThat(policy.onFailure(down)).isEqualTo(500);
    }

    @Test
    void aRejectedRequestIsNeverRetried() {
        assertThatThrownBy(() -> policy.onFailure(failure(ExchangeResponseException.Kind.REJECTED,
                null))).isInstanceOf(IllegalArgumentException.class);
    }
}
