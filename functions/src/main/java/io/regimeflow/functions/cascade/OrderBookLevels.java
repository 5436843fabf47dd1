package io.regimeflow.functions.cascade;

import io.regimeflow.model.OrderBook;
import io.regimeflow.model.PriceLevel;
import java.util.HashMap;
import java.util.Map;

/**
 * Support and resistance from an order book (spec §4): bid and ask quantity bucketed in bins of
 * 0.1% of the mid price, counted outward from the mid; the two heaviest bid bins below the mid
 * are support and the two heaviest ask bins above it resistance, each reported as the bin's
 * volume-weighted price, heaviest first. The book's price step is read from its prices too (the
 * most decimal places any of them uses), so text can round the levels as the market quotes.
 */
public final class OrderBookLevels {

    /**
     * Support (below mid) and resistance (above mid), heaviest first, and the decimal places of
     * the book's prices (-1 for an empty book).
     */
    public record Levels(double[] support, double[] resistance, int priceDecimals) {
        public Levels(double[] support, double[] resistance) {
            this(support, resistance, -1);
        }
    }

    private OrderBookLevels() {}

    public static Levels of(OrderBook book, double binShare) {
        if (book.bids().length == 0 || book.asks().length == 0) {
            return new Levels(new double[0], new double[0]);
        }
        double bestBid = book.bids()[0].price().doubleValue();
        double bestAsk = book.asks()[0].price().doubleValue();
        double mid = (bestBid + bestAsk) / 2;
        double width = mid * binShare;
        return new Levels(heaviest(book.bids(), mid, width, -1),
                heaviest(book.asks(), mid, width, 1),
                Math.max(priceDecimals(book.bids()), priceDecimals(book.asks())));
    }

    /**
     * The most decimal places any price uses once trailing zeros are dropped: Binance writes
     * {@code "148.25000000"}, whose step shows as 2. Never more than the step; less only when no
     * price happens to use its last place.
     */
    static int priceDecimals(PriceLevel[] levels) {
        int decimals = 0;
        for (PriceLevel l : levels) {
            decimals = Math.max(decimals, l.price().stripTrailingZeros().scale());
        }
        return decimals;
    }

    /** The two heaviest bins on one side; {@code side} -1 below the mid, +1 above it. */
    private static double[] heaviest(PriceLevel[] levels, double mid, double width, int side) {
        Map<Long, double[]> bins = new HashMap<>(); // bin -> {qty, price x qty}
        for (PriceLevel l : levels) {
            double p = l.price().doubleValue();
            double q = l.qty().doubleValue();
            double distance = side * (p - mid);
            if (distance <= 0 || q <= 0) {
                continue; // a crossed or empty level is not support or resistance
            }
            double[] bin = bins.computeIfAbsent((long) Math.floor(distance / width),
                    k -> new double[2]);
            bin[0] += q;
            bin[1] += p * q;
        }
        return bins.entrySet().stream()
                .sorted((a, b) -> {
                    int byQty = Double.compare(b.getValue()[0], a.getValue()[0]);
                    return byQty != 0 ? byQty : Long.compare(a.getKey(), b.getKey());
                })
                .limit(2)
                .mapToDouble(e -> e.getValue()[1] / e.getValue()[0])
                .toArray();
    }
}
