package io.regimeflow.connectors.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitTest {
    final AtomicLong now = new AtomicLong();
    final Circuit circuit = new Circuit("test", 3, Duration.ofSeconds(1), now::get);

    @Test
    void opensAfterFailuresInARowAndLetsOneProbeThroughAfterTheCooldown() {
        assertThat(circuit.admit()).isZero();
        assertThat(circuit.onFailure()).isFalse();
        now.set(10);
        assertThat(circuit.onFailure()).isFalse();
        now.set(20);
        assertThat(circuit.onFailure()).isTrue();
        now.set(500);
        assertThat(circuit.open()).isTrue();
        assertThat(circuit.admit()).isEqualTo(521);
        now.set(1021);
        assertThat(circuit.admit()).isZero(); // the probe
        now.set(1030);
        assertThat(circuit.admit()).isPositive(); // only one
        now.set(1100);
        assertThat(circuit.onFailure()).isTrue(); // the probe failed: open for another cooldown
        now.set(1500);
        assertThat(circuit.admit()).isEqualTo(601);
        now.set(2101);
        assertThat(circuit.admit()).isZero();
        circuit.onNeutral(); // a probe answered with a 429: over; the next may go (after its wait)
        assertThat(circuit.admit()).isZero();
        circuit.onSuccess();
        assertThat(circuit.open()).isFalse();
        assertThat(circuit.admit()).isZero();
        assertThat(circuit.admit()).isZero();
    }

    @Test
    void aSuccessBetweenFailuresKeepsItClosed() {
        for (int i = 0; i < 10; i++) {
            circuit.onFailure();
            circuit.onFailure();
            circuit.onSuccess();
        }
        assertThat(circuit.open()).isFalse();
        assertThat(circuit.admit()).isZero();
    }

    /** Callers that schedule with openForMs: the first request to end after the wait probes. */
    @Test
    void aRequestEndingAfterTheCooldownIsTheProbe() {
        circuit.onFailure();
        circuit.onFailure();
        circuit.onFailure();
        assertThat(circuit.openForMs()).isEqualTo(1001);
        now.set(1001);
        assertThat(circuit.openForMs()).isZero();
        assertThat(circuit.onFailure()).isTrue();
        assertThat(circuit.openForMs()).isEqualTo(1001);
        now.set(2002);
        circuit.onSuccess();
        assertThat(circuit.open()).isFalse();
        circuit.onFailure();
        circuit.onFailure();
        assertThat(circuit.open()).isFalse();
    }
}
