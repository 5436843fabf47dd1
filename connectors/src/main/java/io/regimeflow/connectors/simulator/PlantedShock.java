package io.regimeflow.connectors.simulator;

import java.io.Serializable;

/**
 * A shock placed on purpose (for scenario tests and demos): from {@code startMs}, for
 * {@code hours}, the symbol decouples from the market; with an {@code intensity} above 1 its
 * volatility is also multiplied by it (decaying to 1.5x by the end), its price runs in
 * {@code direction} (-1 down, +1 up) in the first half, its funding spikes the same way and
 * liquidations burst. An intensity of exactly 1 is a pure decorrelation.
 */
public record PlantedShock(String symbol, long startMs, int hours, double intensity,
        int direction) implements Serializable {

    public PlantedShock {
        if (hours < 1 || !(intensity >= 1) || (direction != 1 && direction != -1)) {
            throw new IllegalArgumentException("invalid planted shock: " + symbol + " " + hours
                    + "h x" + intensity + " direction " + direction);
        }
    }
}
