package io.regimeflow.functions.funding;

/**
 * The retained settlements of one perpetual, oldest first, in parallel primitive rings: time,
 * raw rate, hourly rate and the z-score each had when it arrived (NaN while warming up). Bounded
 * by the retention period and by a capacity of one settlement an hour. A Flink POJO.
 */
public final class FundingHistory {
    public long[] times;
    public double[] rates;
    public double[] hourly;
    public double[] zScores;
    public int head;
    public int size;

    public FundingHistory() {}

    public FundingHistory(int capacity) {
        times = new long[capacity];
        rates = new double[capacity];
        hourly = new double[capacity];
        zScores = new double[capacity];
    }

    private int index(int i) {
        return (head + i) % times.length;
    }

    public long time(int i) {
        return times[index(i)];
    }

    public double rate(int i) {
        return rates[index(i)];
    }

    public double hourlyRate(int i) {
        return hourly[index(i)];
    }

    public double zScore(int i) {
        return zScores[index(i)];
    }

    public long lastTime() {
        return size == 0 ? Long.MIN_VALUE : time(size - 1);
    }

    void add(long time, double rate, double hourlyRate, double z) {
        if (size == times.length) {
            dropOldest();
        }
        int i = index(size);
        times[i] = time;
        rates[i] = rate;
        hourly[i] = hourlyRate;
        zScores[i] = z;
        size++;
    }

    /** Forgets settlements before {@code cutoff}. */
    void dropBefore(long cutoff) {
        while (size > 0 && time(0) < cutoff) {
            dropOldest();
        }
    }

    private void dropOldest() {
        head = (head + 1) % times.length;
        size--;
    }
}
