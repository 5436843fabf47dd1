package io.regimeflow.model;

import java.util.Arrays;
import java.util.Objects;

/** The correlation part of a snapshot (spec §6): the pairs a symbol belongs to. */
public record CorrelationFeatures(
        long time, PairCorrelation[] pairs, String leadingAsset, String[] laggingAssets) {

    @Override
    public boolean equals(Object o) {
        return o instanceof CorrelationFeatures c
                && time == c.time
                && Arrays.equals(pairs, c.pairs)
                && Objects.equals(leadingAsset, c.leadingAsset)
                && Arrays.equals(laggingAssets, c.laggingAssets);
    }

    @Override
    public int hashCode() {
        return Objects.hash(time, Arrays.hashCode(pairs), leadingAsset,
                Arrays.hashCode(laggingAssets));
    }

    @Override
    public String toString() {
        return "CorrelationFeatures[time=" + time + ", pairs=" + Arrays.toString(pairs)
                + ", leadingAsset=" + leadingAsset + ", laggingAssets="
                + Arrays.toString(laggingAssets) + "]";
    }
}
