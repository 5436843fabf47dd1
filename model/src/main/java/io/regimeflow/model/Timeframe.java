package io.regimeflow.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;

/**
 * The timeframes the job builds from 1m candles (spec §1), aligned as Binance aligns its klines:
 * UTC, 4h windows at 00:00/04:00/..., weeks from Monday 00:00 UTC.
 */
public enum Timeframe {
    H1("1h", Duration.ofHours(1), Duration.ZERO),
    H4("4h", Duration.ofHours(4), Duration.ZERO),
    D1("1d", Duration.ofDays(1), Duration.ZERO),
    // The epoch (1970-01-01) was a Thursday; Monday 1970-01-05 is 4 days later.
    W1("1w", Duration.ofDays(7), Duration.ofDays(4));

    private final String label;
    private final Duration size;
    private final Duration offset;

    Timeframe(String label, Duration size, Duration offset) {
        this.label = label;
        this.size = size;
        this.offset = offset;
    }

    /** The label users and Binance use: {@code 1h}, {@code 4h}, {@code 1d}, {@code 1w}. */
    @JsonValue
    public String label() {
        return label;
    }

    /** The window length. */
    public Duration size() {
        return size;
    }

    /** The shift of window starts from the epoch (only weeks have one). */
    public Duration offset() {
        return offset;
    }

    /** How many 1m candles a complete window holds. */
    public int minutes() {
        return (int) size.toMinutes();
    }

    /** The start of the window that contains {@code timestamp} (UTC epoch milliseconds). */
    public long windowStart(long timestamp) {
        long sizeMs = size.toMillis();
        long offsetMs = offset.toMillis();
        return timestamp - Math.floorMod(timestamp - offsetMs, sizeMs);
    }

    /**
     * The close time of the window that contains {@code timestamp}: its last millisecond, as
     * Binance's klines give it (UTC epoch milliseconds).
     */
    public long closeTime(long timestamp) {
        return windowStart(timestamp) + size.toMillis() - 1;
    }

    /** Parses a label such as {@code 4h}. */
    @JsonCreator
    public static Timeframe fromLabel(String label) {
        for (Timeframe t : values()) {
            if (t.label.equals(label)) {
                return t;
            }
        }
        throw new IllegalArgumentException(
                "unknown timeframe '" + label + "'; expected one of 1h, 4h, 1d, 1w");
    }
}
