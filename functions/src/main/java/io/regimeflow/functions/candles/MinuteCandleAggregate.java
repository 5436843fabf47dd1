package io.regimeflow.functions.candles;

import io.regimeflow.model.Candle;
import org.apache.flink.api.common.functions.AggregateFunction;

/** Incrementally folds 1m candles into a window's {@link CandleAccumulator}. */
public final class MinuteCandleAggregate
        implements AggregateFunction<Candle, CandleAccumulator, CandleAccumulator> {
    private static final long serialVersionUID = 1L;

    @Override
    public CandleAccumulator createAccumulator() {
        return new CandleAccumulator();
    }

    @Override
    public CandleAccumulator add(Candle value, CandleAccumulator acc) {
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
