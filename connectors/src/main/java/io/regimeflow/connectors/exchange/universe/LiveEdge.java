package io.regimeflow.connectors.exchange.universe;

import java.time.Instant;

/**
 * Where the candles of a symbol that joins a universe while the job runs begin: at the start of
 * the hour it joined in, never before the configured start. The job runs in event time with one
 * watermark per operator, which is then near the present: a 1m candle of an hour the watermark
 * has passed would be late for the hourly candles (dropped and counted as {@code lateRecords}),
 * so history before that hour is not backfilled. The minutes of the hour it joined in are, since
 * that hour's candle has not closed yet: its first 1h candle is whole.
 *
 * <p>In the last {@link #MARGIN_MS} of an hour the next hour is taken instead: the hour could
 * close (the other symbols' candles move the watermark past it) before the new symbol's first
 * minutes are read and emitted.
 */
public final class LiveEdge {
    static final long HOUR = 3_600_000L;
    /** How close to an hour's end a join starts at the next hour instead. */
    static final long MARGIN_MS = 2 * 60_000L;

    private LiveEdge() {}

    /**
     * The open time of the first candle of a symbol that joins (or comes back) at {@code nowMs}.
     *
     * @param floorMs the earliest it may be: the configured start, or a split's cursor
     */
    public static long firstMinute(long nowMs, long floorMs) {
        return Math.max(floorMs, Math.floorDiv(nowMs + MARGIN_MS, HOUR) * HOUR);
    }

    /** For log lines: {@code 2026-02-01T01:00:00Z}. */
    static String minute(long ms) {
        return Instant.ofEpochMilli(ms).toString();
    }
}
