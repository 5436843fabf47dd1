package io.regimeflow.functions.cascade;

/**
 * The closed minutes of a symbol's cascade window: the buckets of the last {@code windowMinutes}
 * epoch minutes the watermark has passed, in a ring indexed by minute (slot = minute mod
 * capacity; a slot counts only for the minute it was written for). Kept inside
 * {@link CascadeState}, so the evaluation each minute reads one value instead of one keyed-state
 * lookup per minute of the window: with RocksDB those 15 lookups, most of them for minutes
 * without liquidations, were 80% of the cascade operator's time. The buckets' fields are kept in
 * primitive arrays, which serialize in bulk. A Flink POJO.
 */
public final class ClosedMinutes {
    /** The epoch minute each slot holds; meaningful only where {@link #count} is not 0. */
    public long[] minutes;
    public double[] longUsd;
    public double[] shortUsd;
    /** Liquidations in the slot's minute; 0 for a slot never written. */
    public int[] count;
    public String[] venue;

    public ClosedMinutes() {}

    /** An empty ring for a window of {@code capacity} minutes. */
    public static ClosedMinutes of(int capacity) {
        ClosedMinutes c = new ClosedMinutes();
        c.minutes = new long[capacity];
        c.longUsd = new double[capacity];
        c.shortUsd = new double[capacity];
        c.count = new int[capacity];
        c.venue = new String[capacity];
        return c;
    }

    /** How many minutes the ring holds: the window's length when it was made. */
    public int capacity() {
        return minutes.length;
    }

    /**
     * A ring of {@code capacity} slots holding this one's buckets of the minutes
     * {@code [from, to)}: after a restart with another window length (a ring of the old length
     * would give two minutes of the new window one slot). Minutes older than this ring held are
     * gone, as they were from the minute map before the closed minutes moved here.
     */
    public ClosedMinutes resized(int capacity, long from, long to) {
        ClosedMinutes c = of(capacity);
        for (long m = Math.max(from, to - capacity); m < to; m++) {
            MinuteBucket b = get(m);
            if (b != null) {
                c.put(m, b);
            }
        }
        return c;
    }

    private int slot(long minute) {
        return (int) Math.floorMod(minute, (long) minutes.length);
    }

    /** The bucket of epoch minute {@code minute} (a copy), null if none is kept for it. */
    public MinuteBucket get(long minute) {
        int s = slot(minute);
        if (count[s] == 0 || minutes[s] != minute) {
            return null;
        }
        MinuteBucket b = new MinuteBucket();
        b.longUsd = longUsd[s];
        b.shortUsd = shortUsd[s];
        b.count = count[s];
        b.venue = venue[s];
        return b;
    }

    /** Keeps {@code bucket} as epoch minute {@code minute}'s, over the minute a window ago. */
    public void put(long minute, MinuteBucket bucket) {
        int s = slot(minute);
        minutes[s] = minute;
        longUsd[s] = bucket.longUsd;
        shortUsd[s] = bucket.shortUsd;
        count[s] = bucket.count;
        venue[s] = bucket.venue;
    }
}
