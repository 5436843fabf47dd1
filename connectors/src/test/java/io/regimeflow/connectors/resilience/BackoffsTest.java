package io.regimeflow.connectors.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffsTest {

    @Test
    void fullJitterScalesTheDoublingCeilingByTheRandomDraw() {
        IntervalFunction top = Backoffs.fullJitter(Duration.ofMillis(500), Duration.ofSeconds(8),
                () -> 1.0);
        assertThat(top.apply(1)).isEqualTo(500);
        assertThat(top.apply(2)).isEqualTo(1000);
        assertThat(top.apply(5)).isEqualTo(8000);
        assertThat(top.apply(40)).isEqualTo(8000);
        IntervalFunction none = Backoffs.fullJitter(Duration.ofMillis(500), Duration.ofSeconds(8),
                () -> 0.0);
        assertThat(none.apply(3)).isZero();
    }

    @Test
    void halfJitterNeverGoesBelowHalfTheCeiling() {
        IntervalFunction low = Backoffs.halfJitter(Duration.ofSeconds(1), Duration.ofSeconds(60),
                () -> 0.0);
        IntervalFunction high = Backoffs.halfJitter(Duration.ofSeconds(1), Duration.ofSeconds(60),
                () -> 1.0);
        assertThat(low.apply(1)).isEqualTo(500);
        assertThat(high.apply(1)).isEqualTo(1000);
        assertThat(low.apply(4)).isEqualTo(4000);
        assertThat(high.apply(4)).isEqualTo(8000);
        assertThat(low.apply(20)).isEqualTo(30_000);
        assertThat(high.apply(20)).isEqualTo(60_000);
    }

    @Test
    void aStreakGrowsUntilASuccessAndRefusesWhatMustNotBeRetried() {
        FailureStreak streak = new FailureStreak("test", Backoffs.fullJitter(Duration.ofMillis(100),
                Duration.ofSeconds(1), () -> 1.0), e -> !(e instanceof IllegalStateException));
        assertThat(streak.onFailure()).isEqualTo(100);
        assertThat(streak.onFailure(new RuntimeException("down"))).isEqualTo(200);
        assertThat(streak.onFailure()).isEqualTo(400);
        streak.onSuccess();
        assertThat(streak.onFailure()).isEqualTo(100);
        assertThatThrownBy(() -> streak.onFailure(new IllegalStateException("no")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no");
    }
}
