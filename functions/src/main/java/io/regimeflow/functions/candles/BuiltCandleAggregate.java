package io.regimeflow.functions.candles;

import io.regimeflow.model.BuiltCandle;
import org.apache.flink.api.common.functions.AggregateFunction;

/** Incrementally folds shorter built candles (1h into 4h, ...) into a longer window. */
public final class BuiltCandleAggregate
        implements AggregateFunction<BuiltCandle, CandleAccumulator, CandleAccumulator> {
    private static final long serialVersionUID = 1L;

    @Override
    public CandleAccumulator createAccumulator() {
        return new CandleAccumulator();
    }

    @Override
    public CandleAccumulator add(BuiltCandle value, CandleAccumulator acc) {
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
