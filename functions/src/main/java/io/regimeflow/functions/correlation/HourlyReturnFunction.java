package io.regimeflow.functions.correlation;

import io.regimeflow.functions.common.RejectedInputException;
import io.regimeflow.functions.common.RejectedInputs;
import io.regimeflow.model.BuiltCandle;
import io.regimeflow.model.Timeframe;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by symbol: {@code ln(close / previous close)} on each closed 1h candle. After a missing
 * hour the return spans the gap, as it would for anyone holding the asset through it.
 */
public final class HourlyReturnFunction
        extends KeyedProcessFunction<String, BuiltCandle, SymbolReturn> {
    private static final long serialVersionUID = 1L;

    private transient ValueState<Double> lastClose;
    private transient RejectedInputs rejected;

    @Override
    public void open(OpenContext openContext) {
        lastClose = getRuntimeContext().getState(new ValueStateDescriptor<>("last-close",
                Types.DOUBLE));
        rejected = new RejectedInputs(getRuntimeContext(), "correlation");
    }

    @Override
    public void processElement(BuiltCandle c, Context ctx, Collector<SymbolReturn> out)
            throws Exception {
        if (c.interval() != Timeframe.H1) {
            return;
        }
        double close;
        try {
            close = RejectedInputException.requirePrice("close", c.close().doubleValue());
        } catch (RejectedInputException e) {
            rejected.record(c.symbol(), e);
            return;
        }
        Double previous = lastClose.value();
        lastClose.update(close);
        if (previous != null) {
            out.collect(new SymbolReturn(c.symbol(), c.closeTime(), Math.log(close / previous)));
        }
    }
}
