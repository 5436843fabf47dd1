package io.regimeflow.bench;

import io.regimeflow.model.BuiltCandle;
import java.util.Objects;

/**
 * An order-independent fingerprint of built candles, so the job's and the loop's can be compared
 * across JVMs: only value hashes (an enum's hashCode is its identity, different in each JVM).
 */
final class CandleDigest {
    private CandleDigest() {}

    static long of(BuiltCandle c) {
        return Objects.hash(c.symbol(), c.interval().label(), c.openTime(), c.open(
                ).stripTrailingZeros(),
                c.high().stripTrailingZeros(), c.low().stripTrailingZeros(),
                c.close().stripTrailingZeros(), c.volume().stripTrailingZeros(),
                c.quoteVolume().stripTrailingZeros(), c.trades(), c.count(), c.complete());
    }
}
