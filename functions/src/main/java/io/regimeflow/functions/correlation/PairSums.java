package io.regimeflow.functions.correlation;

/**
 * Running sums of (x, y) pairs for a Pearson correlation: O(1) to add, O(1) to remove the pair
 * that leaves a sliding window. A Flink POJO.
 */
public final class PairSums {
    public long n;
    public double sx;
    public double sy;
    public double sxx;
    public double syy;
    public double sxy;

    public PairSums() {}

    public void add(double x, double y) {
        n++;
        sx += x;
        sy += y;
        sxx += x * x;
        syy += y * y;
        sxy += x * y;
    }

    public void remove(double x, double y) {
        n--;
        sx -= x;
        sy -= y;
        sxx -= x * x;
        syy -= y * y;
        sxy -= x * y;
    }

    public void clear() {
        n = 0;
        sx = 0;
        sy = 0;
        sxx = 0;
        syy = 0;
        sxy = 0;
    }

    /** Pearson's r, or null when it is undefined (fewer than 2 pairs, or a constant series). */
    public Double correlation() {
        if (n < 2) {
            return null;
        }
        double cov = sxy - sx * sy / n;
        double vx = sxx - sx * sx / n;
        double vy = syy - sy * sy / n;
        // A constant series leaves only rounding noise in its variance.
        if (vx <= 1e-15 * sxx || vy <= 1e-15 * syy || vx <= 0 || vy <= 0) {
            return null;
        }
        return Math.max(-1, Math.min(1, cov / Math.sqrt(vx * vy)));
    }
}
