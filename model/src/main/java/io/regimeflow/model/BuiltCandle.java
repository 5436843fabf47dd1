package io.regimeflow.model;

import java.math.BigDecimal;

/**
 * A candle of a longer timeframe built from 1m candles (spec §1). A missing minute is never
 * invented: {@code count} says how many 1m candles it holds, and {@code complete} is true only
 * when that is every minute of the window.
 *
 * @param openTime UTC epoch milliseconds of the window's start
 * @param closeTime the window's last millisecond (Binance's close time)
 * @param count the number of 1m candles aggregated
 * @param complete whether {@code count} equals the minutes of the window
 */
public record BuiltCandle(
        String symbol,
        Timeframe interval,
        long openTime,
        long closeTime,
        BigDecimal open,
        BigDecimal high,
        BigDecimal low,
        BigDecimal close,
        BigDecimal volume,
        BigDecimal quoteVolume,
        long trades,
        BigDecimal takerBuyBase,
        BigDecimal takerBuyQuote,
        int count,
        boolean complete) implements Ohlcv {

    /** The 1m candles aggregated: {@code count}. */
    @Override
    public int minuteCount() {
        return count;
    }
}
