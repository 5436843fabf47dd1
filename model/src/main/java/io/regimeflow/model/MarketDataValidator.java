package io.regimeflow.model;

import java.math.BigDecimal;

/**
 * Checks a raw market record before it enters the analyses: a zero or negative price, a high below
 * the low, a missing field or a bad symbol would poison every number computed from it. Sources and
 * the router reject such records with the returned reason and count them; nothing is repaired.
 */
public final class MarketDataValidator {

    private MarketDataValidator() {}

    /** Null when the record is valid, else a one-line reason. */
    public static String problem(MarketData data) {
        if (!Symbols.isValid(data.symbol())) {
            return Symbols.describeProblem(data.symbol());
        }
        if (data instanceof Candle c) {
            return candleProblem(c);
        } else if (data instanceof OrderBook b) {
            return bookProblem(b);
        } else if (data instanceof FundingSettlement f) {
            return fundingProblem(f);
        }
        return liquidationProblem((Liquidation) data);
    }

    private static String candleProblem(Candle c) {
        String p = firstProblem(
                positive("open", c.open()), positive("high", c.high()), positive("low", c.low()),
                positive("close", c.close()), nonNegative("volume", c.volume()),
                nonNegative("quote_volume", c.quoteVolume()),
                nonNegative("taker_buy_base", c.takerBuyBase()),
                nonNegative("taker_buy_quote", c.takerBuyQuote()));
        if (p != null) {
            return p;
        }
        if (c.openTime() % Candle.DURATION_MS != 0) {
            return "open_time " + c.openTime() + " is not on a minute boundary";
        }
        if (c.trades() < 0) {
            return "trades " + c.trades() + " is negative";
        }
        if (c.high().compareTo(c.low()) < 0) {
            return "high " + c.high() + " is below low " + c.low();
        }
        if (outside(c.open(), c.low(), c.high()) || outside(c.close(), c.low(), c.high())) {
            return "open " + c.open() + " or close " + c.close() + " lies outside [low "
                    + c.low() + ", high " + c.high() + "]";
        }
        return null;
    }

    private static String bookProblem(OrderBook b) {
        if (b.bids() == null || b.asks() == null) {
            return "bids or asks missing";
        }
        for (PriceLevel[] side : new PriceLevel[][] {b.bids(), b.asks()}) {
            for (PriceLevel level : side) {
                if (level == null) {
                    return "a price level is null";
                }
                String p = firstProblem(positive("price", level.price()),
                        nonNegative("qty", level.qty()));
                if (p != null) {
                    return p;
                }
            }
        }
        return null;
    }

    private static String fundingProblem(FundingSettlement f) {
        if (f.fundingRate() == null) {
            return "funding_rate is missing";
        }
        if (f.intervalHours() <= 0) {
            return "interval_hours " + f.intervalHours() + " is not positive";
        }
        if (f.markPrice() != null && f.markPrice().signum() <= 0) {
            return "mark_price " + f.markPrice() + " is not positive";
        }
        return null;
    }

    private static String liquidationProblem(Liquidation l) {
        if (l.side() == null) {
            return "side is missing";
        }
        return firstProblem(positive("price", l.price()), nonNegative("avg_price", l.avgPrice()),
                positive("qty", l.qty()));
    }

    private static boolean outside(BigDecimal v, BigDecimal low, BigDecimal high) {
        return v.compareTo(low) < 0 || v.compareTo(high) > 0;
    }

    private static String positive(String name, BigDecimal v) {
        if (v == null) {
            return name + " is missing";
        }
        return v.signum() > 0 ? null : name + " " + v.toPlainString() + " is not positive";
    }

    private static String nonNegative(String name, BigDecimal v) {
        if (v == null) {
            return name + " is missing";
        }
        return v.signum() >= 0 ? null : name + " " + v.toPlainString() + " is negative";
    }

    private static String firstProblem(String... problems) {
        for (String p : problems) {
            if (p != null) {
                return p;
            }
        }
        return null;
    }
}
