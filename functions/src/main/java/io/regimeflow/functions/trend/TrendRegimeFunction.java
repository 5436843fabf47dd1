package io.regimeflow.functions.trend;

import io.regimeflow.functions.common.RejectedInputException;
import io.regimeflow.functions.common.RejectedInputs;
import io.regimeflow.functions.events.EventOutput;
import io.regimeflow.functions.events.MarketEvents;
import io.regimeflow.functions.snapshot.FeaturePart;
import io.regimeflow.model.BuiltCandle;
import io.regimeflow.model.Timeframe;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by symbol, on the built candles of every timeframe: each timeframe's regime on each of its
 * closed candles, and the combined record on each closed hour. Candles wait in state until the
 * watermark passes their close (a timer), then are applied in close-time order, shorter
 * timeframes first: the combined record of an hour always holds exactly the candles closed by
 * its end, however far ahead of the watermark later candles have already arrived.
 */
public final class TrendRegimeFunction
        extends KeyedProcessFunction<String, BuiltCandle, FeaturePart> {
    private static final long serialVersionUID = 1L;

    private final TrendSettings settings;
    private transient TrendRegimeCalculator calculator;
    private transient ValueState<TrendState> state;
    /** Candles waiting for the watermark, by close time x 4 + timeframe. */
    private transient MapState<Long, BuiltCandle> pending;
    private transient RejectedInputs rejected;

    public TrendRegimeFunction(TrendSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        calculator = new TrendRegimeCalculator(settings);
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("trend",
                TypeInformation.of(TrendState.class)));
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending-candles",
                Types.LONG, TypeInformation.of(BuiltCandle.class)));
        rejected = new RejectedInputs(getRuntimeContext(), "trend");
    }

    @Override
    public void processElement(BuiltCandle c, Context ctx, Collector<FeaturePart> out)
            throws Exception {
        pending.put(slot(c.closeTime(), c.interval()), c);
        ctx.timerService().registerEventTimeTimer(c.closeTime());
    }

    private static long slot(long closeTime, Timeframe t) {
        return closeTime * 4 + t.ordinal();
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FeaturePart> out)
            throws Exception {
        // Every candle has a timer at its close, so the ones due now close now; shortest first.
        List<BuiltCandle> due = new ArrayList<>();
        for (Timeframe t : Timeframe.values()) {
            BuiltCandle c = pending.get(slot(timestamp, t));
            if (c != null) {
                due.add(c);
                pending.remove(slot(timestamp, t));
            }
        }
        TrendState st = state.value();
        if (st == null) {
            st = TrendState.empty(settings);
        }
        String symbol = ctx.getCurrentKey();
        boolean hourClosed = false;
        for (BuiltCandle c : due) {
            try {
                calculator.onCandle(st, c.interval(), c.openTime(), c.close().doubleValue(),
                        c.quoteVolume().doubleValue());
                hourClosed |= c.interval() == Timeframe.H1 && c.closeTime() == timestamp;
            } catch (RejectedInputException e) {
                rejected.record(symbol, e);
            }
        }
        if (hourClosed) {
            TrendRegimeCalculator.Combined combined = calculator.combine(st, timestamp);
            out.collect(FeaturePart.of(symbol, combined.features()));
            if (combined.confirmed()) {
                ctx.output(EventOutput.EVENTS, MarketEvents.regimeConfirmed(symbol,
                        combined.features()));
            }
        }
        state.update(st);
    }
}
