package io.regimeflow.connectors.exchange.universe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Where a symbol that joins a running universe starts its candles. */
class LiveEdgeTest {

    static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void theHourItJoinedInOrTheNextInItsLastTwoMinutesNeverBeforeTheStart() {
        long start = at("2026-01-01T00:00:00Z");
        assertThat(LiveEdge.firstMinute(at("2026-02-01T01:10:30Z"), start))
                .isEqualTo(at("2026-02-01T01:00:00Z"));
        assertThat(LiveEdge.firstMinute(at("2026-02-01T01:57:59.999Z"), start))
                .isEqualTo(at("2026-02-01T01:00:00Z"));
        // Its minutes could come after the others closed the hour: the next one instead.
        assertThat(LiveEdge.firstMinute(at("2026-02-01T01:58:00Z"), start))
                .isEqualTo(at("2026-02-01T02:00:00Z"));
        assertThat(LiveEdge.firstMinute(at("2026-02-01T02:00:00Z"), start))
                .isEqualTo(at("2026-02-01T02:00:00Z"));
        // A configured start later than that hour (or a cursor ahead of it) wins.
        assertThat(LiveEdge.firstMinute(at("2026-02-01T01:10:30Z"), at("2026-02-01T01:07:00Z")))
                .isEqualTo(at("2026-02-01T01:07:00Z"));
    }
}
