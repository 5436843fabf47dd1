package io.regimeflow.functions.candles;

import io.regimeflow.model.BuiltCandle;
import io.regimeflow.model.Timeframe;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Turns a fired window's accumulator into the {@link BuiltCandle} of that window. */
public final class BuiltCandleEmitter
        extends ProcessWindowFunction<CandleAccumulator, BuiltCandle, String, TimeWindow> {
    private static final long serialVersionUID = 1L;

    private final Timeframe timeframe;

    public BuiltCandleEmitter(Timeframe timeframe) {
        this.timeframe = timeframe;
    }

    @Override
    public void process(String symbol, Context context, Iterable<CandleAccumulator> elements,
            Collector<BuiltCandle> out) {
        for (CandleAccumulator acc : elements) {
            out.collect(acc.toBuiltCandle(symbol, timeframe, context.window().getStart()));
        }
    }
}
