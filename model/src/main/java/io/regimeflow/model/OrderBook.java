package io.regimeflow.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * An order-book snapshot (spec §0, {@code /api/v3/depth}): bids best (highest) first, asks best
 * (lowest) first.
 *
 * @param time UTC epoch milliseconds at which the snapshot was taken
 */
public record OrderBook(String symbol, long time, PriceLevel[] bids, PriceLevel[] asks)
        implements MarketData {

    @Override
    public long eventTime() {
        return time;
    }

    // Arrays compare by reference in a record's generated equals; books compare by content.
    @Override
    public boolean equals(Object o) {
        return o instanceof OrderBook other
                && time == other.time
                && Objects.equals(symbol, other.symbol)
                && Arrays.equals(bids, other.bids)
                && Arrays.equals(asks, other.asks);
    }

    @Override
    public int hashCode() {
        return Objects.hash(symbol, time, Arrays.hashCode(bids), Arrays.hashCode(asks));
    }

    @Override
    public String toString() {
        return "OrderBook[symbol=" + symbol + ", time=" + time + ", bids=" + Arrays.toString(bids)
                + ", asks=" + Arrays.toString(asks) + "]";
    }
}
