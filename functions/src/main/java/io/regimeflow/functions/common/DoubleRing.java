package io.regimeflow.functions.common;

import java.util.Arrays;

/**
 * A fixed-capacity ring of doubles with an O(1) running sum: the bounded window state of the
 * analyses (hourly returns, volatilities, funding rates). The running sum is recomputed from the
 * values once per capacity's worth of updates, so rounding error cannot build up over months.
 *
 * <p>A Flink POJO (public fields, no-arg constructor): keyed state holds it directly.
 */
public final class DoubleRing {

    public double[] values;
    /** Index of the oldest value. */
    public int head;
    public int size;
    public double sum;
    public int sinceRecompute;

    public DoubleRing() {}

    public DoubleRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        values = new double[capacity];
    }

    public int capacity() {
        return values.length;
    }

    public boolean full() {
        return size == values.length;
    }

    /** Appends {@code v}, dropping the oldest value when full. */
    public void add(double v) {
        int cap = values.length;
        if (size == cap) {
            sum += v - values[head];
            values[head] = v;
            head = (head + 1) % cap;
        } else {
            values[(head + size) % cap] = v;
            size++;
            sum += v;
        }
        if (++sinceRecompute >= cap) {
            recompute();
        }
    }

    private void recompute() {
        double s = 0;
        for (int i = 0; i < size; i++) {
            s += get(i);
        }
        sum = s;
        sinceRecompute = 0;
    }

    /** The {@code i}-th oldest value (0 = oldest). */
    public double get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i + " of " + size);
        }
        return values[(head + i) % values.length];
    }

    /** The {@code k}-th newest value (0 = newest). */
    public double newest(int k) {
        return get(size - 1 - k);
    }

    public double mean() {
        return sum / size;
    }

    /** The newest {@code n} values, oldest first. */
    public double[] lastN(int n) {
        int m = Math.min(n, size);
        double[] out = new double[m];
        for (int i = 0; i < m; i++) {
            out[i] = get(size - m + i);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DoubleRing r && Arrays.equals(lastN(size), r.lastN(r.size))
                && capacity() == r.capacity();
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(lastN(size));
    }
}
