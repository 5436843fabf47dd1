package io.regimeflow.functions.common;

import java.util.Arrays;

/** The few statistics the spec uses, written out so each is checkable by hand. */
public final class Stats {
    private Stats() {}

    public static double mean(double[] xs) {
        double s = 0;
        for (double x : xs) {
            s += x;
        }
        return s / xs.length;
    }

    /** Sample standard deviation (n - 1 in the denominator), two-pass for accuracy. */
    public static double sampleStd(double[] xs) {
        if (xs.length < 2) {
            return 0;
        }
        double m = mean(xs);
        double ss = 0;
        for (double x : xs) {
            ss += (x - m) * (x - m);
        }
        return Math.sqrt(ss / (xs.length - 1));
    }

    /** Median of a copy of {@code xs}: the mean of the two middle values for an even count. */
    public static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
