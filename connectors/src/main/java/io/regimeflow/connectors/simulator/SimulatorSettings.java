package io.regimeflow.connectors.simulator;

import io.regimeflow.model.Candle;
import io.regimeflow.model.Symbols;
import java.io.Serializable;
import java.util.List;

/**
 * What to simulate. With an {@code endMs} the source is bounded; without one it is unbounded.
 * Either is paced to the wall clock times {@code speed}; an infinite speed (bounded runs only)
 * runs as fast as it can (tests, backfill, benchmarks).
 *
 * @param startMs open time of the first minute, on a minute boundary
 * @param endMs exclusive end, or null for an unbounded, paced run
 * @param speed simulated milliseconds per wall-clock millisecond; infinite: not paced
 * @param bookIntervalMinutes an order book every this many minutes
 * @param gapProbability chance that a minute's candle is missing, as after an exchange outage
 * @param fundingIntervalHours hours between funding settlements (1, 2, 4 or 8)
 * @param shocksPerDay chance per UTC day of a market-wide volatility shock; each symbol also has
 *     its own shocks at a third of this rate, which is what decorrelates it from the others
 * @param drift how much volatility and funding wander between shocks: the weekly log standard
 *     deviation of the volatility level, and the scale of funding's slow drift (0: a steady market)
 * @param plantedShocks shocks placed on purpose, on top of the random ones
 * @param paceFromMs a paced run emits the minutes before this as fast as it can (history that
 *     warms the analyses up, as the Binance source's backfill does) and paces from it on; null:
 *     paced from the start
 */
public record SimulatorSettings(
        long seed,
        List<String> symbols,
        long startMs,
        Long endMs,
        double speed,
        int bookIntervalMinutes,
        double gapProbability,
        int fundingIntervalHours,
        double shocksPerDay,
        double drift,
        List<PlantedShock> plantedShocks,
        Long paceFromMs)
        implements Serializable {

    /** The default drift of a market between shocks. */
    public static final double DEFAULT_DRIFT = 0.25;

    /** Settings with the default drift and no planted shocks. */
    public SimulatorSettings(long seed, List<String> symbols, long startMs, Long endMs,
            double speed, int bookIntervalMinutes, double gapProbability,
            int fundingIntervalHours, double shocksPerDay) {
        this(seed, symbols, startMs, endMs, speed, bookIntervalMinutes, gapProbability,
                fundingIntervalHours, shocksPerDay, DEFAULT_DRIFT, List.of());
    }

    /** Settings paced from the start. */
    public SimulatorSettings(long seed, List<String> symbols, long startMs, Long endMs,
            double speed, int bookIntervalMinutes, double gapProbability,
            int fundingIntervalHours, double shocksPerDay, double drift,
            List<PlantedShock> plantedShocks) {
        this(seed, symbols, startMs, endMs, speed, bookIntervalMinutes, gapProbability,
                fundingIntervalHours, shocksPerDay, drift, plantedShocks, null);
    }

    public SimulatorSettings {
        symbols = List.copyOf(symbols);
        plantedShocks = List.copyOf(plantedShocks);
        for (PlantedShock p : plantedShocks) {
            if (!symbols.contains(p.symbol())) {
                throw new IllegalArgumentException("planted shock on " + p.symbol()
                        + ", which is not a configured symbol");
            }
        }
        symbols.forEach(Symbols::requireValid);
        if (startMs % Candle.DURATION_MS != 0) {
            throw new IllegalArgumentException("start must be on a minute boundary: " + startMs);
        }
        if (endMs != null && endMs <= startMs) {
            throw new IllegalArgumentException("end " + endMs + " is not after start " + startMs);
        }
        if (!(speed > 0) || (endMs == null && Double.isInfinite(speed))
                || bookIntervalMinutes <= 0 || fundingIntervalHours <= 0
                || !(gapProbability >= 0 && gapProbability < 1)
                || !(shocksPerDay >= 0 && shocksPerDay <= 1) || !(drift >= 0 && drift <= 1)) {
            throw new IllegalArgumentException("invalid simulator settings: " + this);
        }
    }

    /** Whether minutes wait for the wall clock. */
    public boolean paced() {
        return !Double.isInfinite(speed);
    }

    /** Whether the run ends by itself. */
    public boolean bounded() {
        return endMs != null;
    }
}
