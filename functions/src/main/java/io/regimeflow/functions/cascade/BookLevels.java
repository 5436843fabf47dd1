package io.regimeflow.functions.cascade;

import io.regimeflow.model.OrderBook;
import java.util.Arrays;
import java.util.Objects;

/**
 * The support and resistance of one order book (spec §4), and the decimal places of its prices.
 * Computed where the book enters the job, so only these few numbers, not the whole book, cross
 * the network to the cascade operator.
 */
public record BookLevels(String symbol, long time, double[] support, double[] resistance,
        int priceDecimals) {

    /** The levels of {@code book} with bins of {@code binShare} of the mid price. */
    public static BookLevels of(OrderBook book, double binShare) {
        OrderBookLevels.Levels levels = OrderBookLevels.of(book, binShare);
        return new BookLevels(book.symbol(), book.time(), levels.support(), levels.resistance(),
                levels.priceDecimals());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BookLevels b && time == b.time && Objects.equals(symbol, b.symbol)
                && Arrays.equals(support, b.support) && Arrays.equals(resistance, b.resistance)
                && priceDecimals == b.priceDecimals;
    }

    @Override
    public int hashCode() {
        return Objects.hash(symbol, time, Arrays.hashCode(support), Arrays.hashCode(resistance));
    }
}
