package io.regimeflow.model;

import java.math.BigDecimal;

/**
 * The shape a 1m {@link Candle} and a {@link BuiltCandle} share: open time, prices, volumes and
 * trades, and how many 1m candles it holds. One aggregate builds a longer candle from either.
 * Only accessors: neither record's fields (its JSON and Flink forms) change.
 */
public interface Ohlcv {

    /** UTC epoch milliseconds of the candle's start. */
    long openTime();

    BigDecimal open();

    BigDecimal high();

    BigDecimal low();

    BigDecimal close();

    /** Base-asset volume. */
    BigDecimal volume();

    /** Quote-asset volume. */
    BigDecimal quoteVolume();

    long trades();

    /** Base volume bought by takers. */
    BigDecimal takerBuyBase();

    /** Quote volume bought by takers. */
    BigDecimal takerBuyQuote();

    /** How many 1m candles this candle holds: 1 for a 1m candle. */
    int minuteCount();
}
