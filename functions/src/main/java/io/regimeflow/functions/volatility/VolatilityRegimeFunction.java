package io.regimeflow.functions.volatility;

import io.regimeflow.functions.common.RejectedInputException;
import io.regimeflow.functions.common.RejectedInputs;
import io.regimeflow.functions.events.EventOutput;
import io.regimeflow.functions.events.MarketEvents;
import io.regimeflow.functions.snapshot.FeaturePart;
import io.regimeflow.model.BuiltCandle;
import io.regimeflow.model.Timeframe;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by symbol, on each closed 1h candle (they arrive in event-time order from the window that
 * builds them): the volatility part of the snapshot, and VOLATILITY_REGIME_CHANGE events.
 */
public final class VolatilityRegimeFunction
        extends KeyedProcessFunction<String, BuiltCandle, FeaturePart> {
    private static final long serialVersionUID = 1L;

    private final VolatilitySettings settings;
    private transient VolatilityRegimeCalculator calculator;
    private transient ValueState<VolatilityState> state;
    private transient RejectedInputs rejected;

    public VolatilityRegimeFunction(VolatilitySettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        calculator = new VolatilityRegimeCalculator(settings);
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("volatility",
                TypeInformation.of(VolatilityState.class)));
        rejected = new RejectedInputs(getRuntimeContext(), "volatility");
    }

    @Override
    public void processElement(BuiltCandle candle, Context ctx, Collector<FeaturePart> out)
            throws Exception {
        if (candle.interval() != Timeframe.H1) {
            return;
        }
        VolatilityState st = state.value();
        if (st == null) {
            st = VolatilityState.empty(settings);
        }
        VolatilityRegimeCalculator.Result r;
        try {
            r = calculator.onHourClose(st, candle.closeTime(), candle.close().doubleValue());
        } catch (RejectedInputException e) {
            rejected.record(candle.symbol(), e);
            return;
        }
        state.update(st);
        out.collect(FeaturePart.of(candle.symbol(), r.features()));
        if (r.changed()) {
            ctx.output(EventOutput.EVENTS, MarketEvents.volatilityChange(candle.symbol(),
                    r.features(), r.changedFrom(), r.changedTo(), r.baselineHours()));
        }
    }
}
