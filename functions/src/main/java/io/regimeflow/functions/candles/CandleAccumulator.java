package io.regimeflow.functions.candles;

import io.regimeflow.model.BuiltCandle;
import io.regimeflow.model.Ohlcv;
import io.regimeflow.model.Timeframe;
import java.math.BigDecimal;

/**
 * The running aggregate of one candle window (spec §1): open of the earliest piece, close of the
 * latest, extremes, exact sums. Pieces may arrive in any order (out-of-order input within the
 * watermark bound), so open and close are chosen by open time, not by arrival. A piece is a 1m
 * candle or an already built shorter candle, which is how 4h is built from 1h and so on.
 *
 * <p>A mutable Flink POJO (public fields, no-arg constructor): it is the window state.
 */
public final class CandleAccumulator {

    public long firstOpenTime = Long.MAX_VALUE;
    public long lastOpenTime = Long.MIN_VALUE;
    public BigDecimal open;
    public BigDecimal high;
    public BigDecimal low;
    public BigDecimal close;
    public BigDecimal volume = BigDecimal.ZERO;
    public BigDecimal quoteVolume = BigDecimal.ZERO;
    public long trades;
    public BigDecimal takerBuyBase = BigDecimal.ZERO;
    public BigDecimal takerBuyQuote = BigDecimal.ZERO;
    /** 1m candles aggregated, directly or through shorter built candles. */
    public int count;

    /** Adds a 1m candle, or a built candle of a shorter timeframe inside this window. */
    public CandleAccumulator add(Ohlcv c) {
        if (c.openTime() < firstOpenTime) {
            firstOpenTime = c.openTime();
            open = c.open();
        }
        if (c.openTime() > lastOpenTime) {
            lastOpenTime = c.openTime();
            close = c.close();
        }
        high = high == null || c.high().compareTo(high) > 0 ? c.high() : high;
        low = low == null || c.low().compareTo(low) < 0 ? c.low() : low;
        volume = volume.add(c.volume());
        quoteVolume = quoteVolume.add(c.quoteVolume());
        trades += c.trades();
        takerBuyBase = takerBuyBase.add(c.takerBuyBase());
        takerBuyQuote = takerBuyQuote.add(c.takerBuyQuote());
        count += c.minuteCount();
        return this;
    }

    /** Folds another accumulator of the same window into this one. */
    public CandleAccumulator merge(CandleAccumulator other) {
        if (other.count == 0) {
            return this;
        }
        if (other.firstOpenTime < firstOpenTime) {
            firstOpenTime = other.firstOpenTime;
            open = other.open;
        }
        if (other.lastOpenTime > lastOpenTime) {
            lastOpenTime = other.lastOpenTime;
            close = other.close;
        }
        high = high == null || other.high.compareTo(high) > 0 ? other.high : high;
        low = low == null || other.low.compareTo(low) < 0 ? other.low : low;
        volume = volume.add(other.volume);
        quoteVolume = quoteVolume.add(other.quoteVolume);
        trades += other.trades;
        takerBuyBase = takerBuyBase.add(other.takerBuyBase);
        takerBuyQuote = takerBuyQuote.add(other.takerBuyQuote);
        count += other.count;
        return this;
    }

    /**
     * The built candle of the window starting at {@code windowStart}.
     *
     * @throws IllegalStateException when nothing was added
     */
    public BuiltCandle toBuiltCandle(String symbol, Timeframe timeframe, long windowStart) {
        if (count == 0) {
            throw new IllegalStateException("empty " + timeframe.label() + " window of " + symbol);
        }
        long closeTime = windowStart + timeframe.size().toMillis() - 1;
        return new BuiltCandle(symbol, timeframe, windowStart, closeTime, open, high, low, close,
                volume, quoteVolume, trades, takerBuyBase, takerBuyQuote, count,
                count == timeframe.minutes());
    }
}
