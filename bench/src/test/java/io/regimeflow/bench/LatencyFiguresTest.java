package io.regimeflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatencyFiguresTest {

    @Test
    void percentilesAreNearestRankInMilliseconds() {
        // 1..1000 ms, shuffled: the p50 is the 500th, the p99 the 990th smallest.
        long[] nanos = LongStream.rangeClosed(1, 1000).map(i -> (i * 7919 % 1000 + 1) * 1_000_000)
                .toArray();

        LatencyFigures f = LatencyFigures.of(nanos);

        assertThat(f.count()).isEqualTo(1000);
        assertThat(f.p50Ms()).isEqualTo(500.0);
        assertThat(f.p99Ms()).isEqualTo(990.0);
        assertThat(f.maxMs()).isEqualTo(1000.0);
    }

    @Test
    void oneValueIsEveryPercentileAndNoneIsZero() {
        assertThat(LatencyFigures.of(new long[] {3_500_000}))
                .isEqualTo(new LatencyFigures(1, 3.5, 3.5, 3.5));
        assertThat(LatencyFigures.of(new long[0])).isEqualTo(new LatencyFigures(0, 0, 0, 0));
    }
}
