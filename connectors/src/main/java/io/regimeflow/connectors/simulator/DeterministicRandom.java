package io.regimeflow.connectors.simulator;

import java.util.SplittableRandom;

/**
 * Random numbers that are a pure function of their coordinates (seed, scope, stream, time). No
 * generator state is carried between minutes, so a split restored from a checkpoint, or run on
 * another subtask, draws exactly the numbers an uninterrupted run would have drawn.
 */
final class DeterministicRandom {

    // Streams: independent draws for the same scope and time.
    static final long MARKET_RETURN = 1;
    static final long OWN_RETURN = 2;
    static final long SHOCK = 3;
    static final long LEVEL = 4;
    static final long CANDLE_SHAPE = 5;
    static final long BOOK = 6;
    static final long FUNDING = 7;
    static final long LIQUIDATION = 8;
    static final long GAP = 9;

    /** The scope of market-wide draws; symbols use {@link #symbolScope}. */
    static final long MARKET_SCOPE = 0x6D61726B6574L;

    private DeterministicRandom() {}

    /** SplitMix64's finaliser: a bijective, well-mixed hash of a long. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A stable scope for a symbol ({@code String.hashCode} is specified,
            so stable across JVMs). */
    static long symbolScope(String symbol) {
        return mix(symbol.hashCode() * 0x9E3779B97F4A7C15L + 17);
    }

    static SplittableRandom rng(long seed, long scope, long stream, long time) {
        return new SplittableRandom(mix(mix(mix(seed ^ 0x5EEDL) + scope) + stream) ^ mix(time));
    }
}
