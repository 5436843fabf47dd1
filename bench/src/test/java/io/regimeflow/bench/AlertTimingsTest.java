package io.regimeflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.model.EventType;
import io.regimeflow.model.MarketEvent;
import io.regimeflow.model.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertTimingsTest {

    private static final long MS = 1_000_000;
    /** A window end on a minute boundary. */
    private static final long W = 1_700_000_040_000L / 60_000 * 60_000;
    private static final long BOUND = 5_000;

    @Test
    void aCascadeIsReleasedByTheLastSplitPassingItsWindowEndPlusTheBound() {
        EmitClock clock = new EmitClock();
        // Minute W-1m of both symbols at 100 ms; the next minute's records at 200 ms (A) and
        // 260 ms (B): B's first record past W + 5 s is the one that moves the watermark.
        clock.emitted("a", "A/USDT", W - 60_000 + 2_000, 100 * MS);
        clock.emitted("b", "B/USDT", W - 60_000 + 9_000, 100 * MS);
        clock.emitted("a", "A/USDT", W - 1, 101 * MS);
        clock.emitted("b", "B/USDT", W - 1, 101 * MS);
        clock.emitted("a", "A/USDT", W + 3_000, 200 * MS); // not yet past the bound
        clock.emitted("a", "A/USDT", W + 7_000, 201 * MS);
        clock.emitted("b", "B/USDT", W + 6_000, 260 * MS);
        clock.emitted("b", "B/USDT", W + 4_000, 270 * MS); // out of order: moves nothing

        AlertTimings t = AlertTimings.match(List.of(
                        new WebhookArrivals.Arrival(cascade("e1", "A/USDT", W), 400 * MS),
                        new WebhookArrivals.Arrival(cascade("e1", "A/USDT", W), 900 * MS)),
                clock, BOUND, Map.of("e1", 300 * MS));

        assertThat(t.timed()).containsExactly(new AlertTimings.Timed("e1", "A/USDT", 100 * MS,
                260 * MS, 300 * MS, 400 * MS));
        assertThat(t.repeats()).isEqualTo(1);
        assertThat(t.releaseToPost().p50Ms()).isEqualTo(140.0);
        assertThat(t.releaseToSinks().p50Ms()).isEqualTo(40.0);
        assertThat(t.sinksToPost().p50Ms()).isEqualTo(100.0);
        assertThat(t.triggerToRelease().p50Ms()).isEqualTo(160.0);
        assertThat(t.largestBurst()).isEqualTo(1);
    }

    @Test
    void otherKindsAndCascadesReleasedByTheEndOfInputAreCountedNotTimed() {
        EmitClock clock = new EmitClock();
        clock.emitted("a", "A/USDT", W - 30_000, 100 * MS);
        clock.emitted("a", "A/USDT", W + 1_000, 200 * MS); // the input ends here

        AlertTimings t = AlertTimings.match(List.of(
                        new WebhookArrivals.Arrival(cascade("e1", "A/USDT", W), 400 * MS),
                        new WebhookArrivals.Arrival(new MarketEvent("e2",
                                EventType.FUNDING_ANOMALY, "A/USDT", Severity.WARNING, "t", "d",
                                W, "{}"), 500 * MS)),
                clock, BOUND, Map.of());

        assertThat(t.timed()).isEmpty();
        assertThat(t.releasedByEnd()).isEqualTo(1);
        assertThat(t.otherKinds()).isEqualTo(1);
        assertThat(t.releaseToPost().count()).isZero();
    }

    private static MarketEvent cascade(String id, String symbol, long windowEnd) {
        return new MarketEvent(id, EventType.LIQUIDATION_CASCADE, symbol, Severity.WARNING,
                "t", "d", windowEnd, "{}");
    }
}
