package io.regimeflow.bench;

import java.util.Arrays;

/**
 * p50, p99 and max of a set of latencies, in milliseconds. Percentiles by nearest rank: the
 * p-th percentile of n sorted values is the ceil(p/100 x n)-th (so the p99 of 1,000 alerts is
 * the 990th smallest, a latency that 10 alerts exceed).
 *
 * @param count how many latencies
 */
record LatencyFigures(int count, double p50Ms, double p99Ms, double maxMs) {

    /** The figures of {@code nanos} (durations in ns); all zero for none. */
    static LatencyFigures of(long[] nanos) {
        if (nanos.length == 0) {
            return new LatencyFigures(0, 0, 0, 0);
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new LatencyFigures(sorted.length, ms(rank(sorted, 50)), ms(rank(sorted, 99)),
                ms(sorted[sorted.length - 1]));
    }

    /** The nearest-rank {@code percent}-th percentile of {@code sorted} (ascending). */
    static long rank(long[] sorted, double percent) {
        int r = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, r) - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** {@code "  label   p50   p99   max"}, aligned for a table of such lines. */
    String row(String label) {
        return String.format("  %-46s %8.1f %8.1f %8.1f", label, p50Ms, p99Ms, maxMs);
    }
}
