package io.regimeflow.model;

import java.math.BigDecimal;

/**
 * A closed 1-minute spot candle (spec §0), exactly as Binance's {@code /api/v3/klines} row holds
 * it. Prices and volumes are exact decimals: they are parsed from the exchange's strings and never
 * pass through {@code float} or {@code double}.
 *
 * @param openTime UTC epoch milliseconds of the minute's start
 * @param volume base-asset volume
 * @param quoteVolume quote-asset volume
 * @param takerBuyBase base volume bought by takers
 * @param takerBuyQuote quote volume bought by takers
 */
public record Candle(
        String symbol,
        long openTime,
        BigDecimal open,
        BigDecimal high,
        BigDecimal low,
        BigDecimal close,
        BigDecimal volume,
        BigDecimal quoteVolume,
        long trades,
        BigDecimal takerBuyBase,
        BigDecimal takerBuyQuote)
        implements MarketData, Ohlcv {

    /** The length of the candle. */
    public static final long DURATION_MS = 60_000L;

    /** A 1m candle holds itself. */
    @Override
    public int minuteCount() {
        return 1;
    }

    /** Binance's close time: the last millisecond of the minute. */
    public long closeTime() {
        return openTime + DURATION_MS - 1;
    }

    /**
     * The candle is an event at its close: only then is it known, and this places it in the
     * window that contains its open time.
     */
    @Override
    public long eventTime() {
        return closeTime();
    }
}
