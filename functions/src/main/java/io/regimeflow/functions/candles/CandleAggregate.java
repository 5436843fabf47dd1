package io.regimeflow.functions.candles;

import io.regimeflow.model.Ohlcv;
import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * Incrementally folds candles into a window's {@link CandleAccumulator}: 1m candles into 1h, and
 * shorter built candles into longer ones (1h into 4h, ...).
 *
 * @param <T> the candles folded: {@link io.regimeflow.model.Candle} or
 *     {@link io.regimeflow.model.BuiltCandle}
 */
public final class CandleAggregate<T extends Ohlcv>
        implements AggregateFunction<T, CandleAccumulator, CandleAccumulator> {
    private static final long serialVersionUID = 1L;

    @Override
    public CandleAccumulator createAccumulator() {
        return new CandleAccumulator();
    }

    @Override
    public CandleAccumulator add(T value, CandleAccumulator acc) {
        return acc.add(value);
    }

    @Override
    public CandleAccumulator getResult(CandleAccumulator acc) {
        return acc;
    }

    @Override
    public CandleAccumulator merge(CandleAccumulator a, CandleAccumulator b) {
        return a.merge(b);
    }
}
