package io.regimeflow.connectors.simulator;

import static io.regimeflow.connectors.SettingChecks.atLeast;
import static io.regimeflow.connectors.SettingChecks.invalid;
import static io.regimeflow.connectors.SettingChecks.positive;
import static io.regimeflow.connectors.SettingChecks.probability;

import io.regimeflow.model.Candle;
import io.regimeflow.model.Symbols;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What to simulate, immutable and serializable (it travels with the job graph); made with
 * {@link #builder}, whose defaults are those of the job's configuration ({@code simulator.*}).
 * With an {@code endMs} the source is bounded; without one it is unbounded. Either is paced to
 * the wall clock times {@code speed}; an infinite speed (bounded runs only) runs as fast as it
 * can (tests, backfill, benchmarks). Times are epoch milliseconds.
 *
 * <p>Invalid values throw an {@link IllegalArgumentException} whose message starts with the
 * setting's name.
 *
 * @param seed same seed, same market: every run with it produces identical records
 * @param symbols the simulated symbols, {@code BASE/QUOTE}; at least one
 * @param startMs open time of the first minute, on a minute boundary
 * @param endMs exclusive end, after {@code startMs}, or null for an unbounded, paced run
 * @param speed simulated milliseconds per wall-clock millisecond, above 0; infinite: not paced
 * @param bookIntervalMinutes an order book every this many minutes, at least 1
 * @param gapProbability chance that a minute's candle is missing, as after an exchange outage,
 *     in [0, 1)
 * @param fundingIntervalHours hours between funding settlements, at least 1 (the job's
 *     configuration takes 1, 2, 4 or 8)
 * @param shocksPerDay chance per UTC day of a market-wide volatility shock, in [0, 1]; each
 *     symbol also has its own shocks at a third of this rate, which is what decorrelates it from
 *     the others
 * @param drift how much volatility and funding wander between shocks, in [0, 1]: the weekly log
 *     standard deviation of the volatility level, and the scale of funding's slow drift (0: a
 *     steady market)
 * @param plantedShocks shocks placed on purpose, on top of the random ones, each on one of the
 *     symbols
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

    public SimulatorSettings {
        symbols = List.copyOf(Objects.requireNonNull(symbols, "symbols"));
        plantedShocks = List.copyOf(Objects.requireNonNull(plantedShocks, "plantedShocks"));
        if (symbols.isEmpty()) {
            throw invalid("symbols", symbols, "at least one symbol such as BTC/USDT");
        }
        for (PlantedShock p : plantedShocks) {
            if (!symbols.contains(p.symbol())) {
                throw invalid("plantedShocks", p, "shocks on the configured symbols "
                        + symbols);
            }
        }
        symbols.forEach(Symbols::requireValid);
        if (startMs % Candle.DURATION_MS != 0) {
            throw invalid("startMs", startMs, "a time on a minute boundary");
        }
        if (endMs != null && endMs <= startMs) {
            throw invalid("endMs", endMs, "a time after startMs " + startMs + ", or null");
        }
        if (!(speed > 0)) {
            throw invalid("speed", speed, "a number above 0");
        }
        if (endMs == null && Double.isInfinite(speed)) {
            throw invalid("speed", speed, "a finite number: a run without endMs is paced");
        }
        atLeast("bookIntervalMinutes", bookIntervalMinutes, 1);
        probability("gapProbability", gapProbability, true);
        atLeast("fundingIntervalHours", fundingIntervalHours, 1);
        probability("shocksPerDay", shocksPerDay, false);
        probability("drift", drift, false);
    }

    /**
     * Settings of a simulation of {@code symbols} ({@code BASE/QUOTE}) from {@code startMs} (on a
     * minute boundary), everything else as the job's defaults have it: unbounded, seed 42.
     */
    public static Builder builder(List<String> symbols, long startMs) {
        return new Builder(symbols, startMs);
    }

    /** Whether minutes wait for the wall clock. */
    public boolean paced() {
        return !Double.isInfinite(speed);
    }

    /** Whether the run ends by itself. */
    public boolean bounded() {
        return endMs != null;
    }

    /**
     * Builds {@link SimulatorSettings}; defaults as {@code simulator.*} in
     * {@code regimeflow-defaults.yaml}. {@link #build} throws an {@link IllegalArgumentException}
     * naming the first invalid setting.
     */
    public static final class Builder {
        private final List<String> symbols;
        private final long startMs;
        private long seed = 42;
        private Long endMs;
        private Double speed;
        private Duration bookInterval = Duration.ofMinutes(5);
        private double gapProbability = 0.0005;
        private int fundingIntervalHours = 8;
        private double shocksPerDay = 0.15;
        private double drift = 0.25;
        private List<PlantedShock> plantedShocks = List.of();
        private Long paceFromMs;

        private Builder(List<String> symbols, long startMs) {
            this.symbols = symbols;
            this.startMs = startMs;
        }

        /** The market's seed; default 42. */
        public Builder seed(long s) {
            seed = s;
            return this;
        }

        /** Exclusive end of a bounded run, after the start; default null: unbounded. */
        public Builder endMs(Long end) {
            endMs = end;
            return this;
        }

        /**
         * Simulated time per wall-clock time, above 0 ({@link Double#POSITIVE_INFINITY}: as fast
         * as possible, bounded runs only). Default as the job's: 60 ({@code simulator.speed})
         * for an unbounded run, as fast as possible ({@code simulator.replay-speed} null) for a
         * bounded one.
         */
        public Builder speed(double simulatedPerWallClock) {
            speed = simulatedPerWallClock;
            return this;
        }

        /** An order book every this often, whole minutes of at least 1; default 5 minutes. */
        public Builder bookInterval(Duration d) {
            bookInterval = d;
            return this;
        }

        /** Chance that a minute's candle is missing, in [0, 1); default 0.0005. */
        public Builder gapProbability(double p) {
            gapProbability = p;
            return this;
        }

        /** Hours between funding settlements (the job takes 1, 2, 4 or 8); default 8. */
        public Builder fundingIntervalHours(int hours) {
            fundingIntervalHours = hours;
            return this;
        }

        /** Chance per day of a market-wide volatility shock, in [0, 1]; default 0.15. */
        public Builder shocksPerDay(double p) {
            shocksPerDay = p;
            return this;
        }

        /** How much the market wanders between shocks, in [0, 1]; default 0.25. */
        public Builder drift(double d) {
            drift = d;
            return this;
        }

        /** Shocks placed on purpose, each on one of the symbols; default none. */
        public Builder plantedShocks(List<PlantedShock> shocks) {
            plantedShocks = shocks;
            return this;
        }

        /** Where a paced run's pace begins (history before it at once); default null: start. */
        public Builder paceFromMs(Long paceFrom) {
            paceFromMs = paceFrom;
            return this;
        }

        public SimulatorSettings build() {
            positive("bookInterval", bookInterval);
            // The same test as simulator.book-interval's, so every value the job takes builds.
            if (bookInterval.toMillis() % 60_000 != 0) {
                throw invalid("bookInterval", bookInterval, "a whole number of minutes");
            }
            double pace = speed != null ? speed
                    : endMs != null ? Double.POSITIVE_INFINITY : 60;
            return new SimulatorSettings(seed, symbols, startMs, endMs, pace,
                    Math.toIntExact(bookInterval.toMinutes()), gapProbability,
                    fundingIntervalHours, shocksPerDay, drift, plantedShocks, paceFromMs);
        }
    }
}
