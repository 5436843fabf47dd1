package io.regimeflow.connectors.simulator;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Where volatility shocks fall, as a pure function of the hour. For each UTC day and scope (the
 * whole market, or one symbol), a shock starts with some probability at a random hour, lasts 2 to
 * 12 hours, multiplies volatility by 2.5 to 6 at its start and decays to 1.5x at its end, and
 * pushes prices one way, down or up with equal chance (a crash or a squeeze: both liquidate).
 */
final class ShockSchedule {

    private static final long HOUR_MS = 3_600_000L;

    /** The shock state of one hour: a volatility multiplier of 1 and no direction when calm. */
    record Shock(double volMultiplier, int direction, double progress) {
        static final Shock CALM = new Shock(1.0, 0, 0);

        boolean active() {
            return direction != 0;
        }
    }

    private final long seed;
    private final long scope;
    private final double shocksPerDay;
    private final List<PlantedShock> planted;

    ShockSchedule(long seed, long scope, double shocksPerDay) {
        this(seed, scope, shocksPerDay, List.of());
    }

    ShockSchedule(long seed, long scope, double shocksPerDay,
            List<PlantedShock> planted) {
        this.seed = seed;
        this.scope = scope;
        this.shocksPerDay = shocksPerDay;
        this.planted = List.copyOf(planted);
    }

    /** The shock in force at {@code timeMs}, or {@link Shock#CALM}. */
    Shock at(long timeMs) {
        long hour = Math.floorDiv(timeMs, HOUR_MS);
        long day = Math.floorDiv(hour, 24);
        Shock strongest = Shock.CALM;
        // Shocks last at most 12 hours, so only today's and yesterday's can cover this hour.
        for (long d = day - 1; d <= day; d++) {
            SplittableRandom r = DeterministicRandom.rng(seed, scope, DeterministicRandom.SHOCK, d);
            if (r.nextDouble() >= shocksPerDay) {
                continue;
            }
            long start = d * 24 + r.nextInt(24);
            int duration = 2 + r.nextInt(11);
            double intensity = 2.5 + 3.5 * r.nextDouble();
            // Up as often as down: a default market that falls on average would look like a
            // bear market to anyone trying the job (planted shocks keep their direction).
            int direction = r.nextDouble() < 0.5 ? -1 : 1;
            if (hour < start || hour >= start + duration) {
                continue;
            }
            strongest = stronger(strongest, shock(hour, start, duration, intensity, direction));
        }
        for (PlantedShock p : planted) {
            long start = Math.floorDiv(p.startMs(), HOUR_MS);
            if (hour >= start && hour < start + p.hours()) {
                strongest = stronger(strongest, shock(hour, start, p.hours(), p.intensity(),
                        p.direction()));
            }
        }
        return strongest;
    }

    private static Shock shock(long hour, long start, int duration, double intensity,
            int direction) {
        double progress = (hour - start + 0.5) / duration;
        double floor = Math.min(1.5, intensity);
        return new Shock(intensity - (intensity - floor) * progress, direction, progress);
    }

    private static Shock stronger(Shock a, Shock b) {
        // Any shock beats calm, even one that leaves volatility as it is (a decoupling).
        return b.volMultiplier() > a.volMultiplier() || !a.active() ? b : a;
    }
}
