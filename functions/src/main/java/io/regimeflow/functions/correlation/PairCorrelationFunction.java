package io.regimeflow.functions.correlation;

import io.regimeflow.functions.common.RejectedInputException;
import io.regimeflow.functions.common.RejectedInputs;
import io.regimeflow.functions.events.EventOutput;
import io.regimeflow.functions.events.MarketEvents;
import io.regimeflow.model.HourlyPairCorrelation;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by pair: aligns the two symbols' hourly returns by the hour's close time and, once the
 * watermark passes that hour (a timer), feeds the aligned pair to the calculator: hours are
 * therefore always added in order, however the two sides interleave. An hour only one side has
 * is dropped from the pair (counted in {@code unalignedHours}), as spec §6 aligns by candle time.
 */
public final class PairCorrelationFunction
        extends KeyedProcessFunction<String, PairReturn, HourlyPairCorrelation> {
    private static final long serialVersionUID = 1L;

    private final CorrelationSettings settings;
    private transient PairCorrelationCalculator calculator;
    private transient ValueState<PairState> state;
    private transient MapState<Long, PendingHour> pending;
    private transient ValueState<String[]> names;
    private transient RejectedInputs rejected;
    private transient Counter unaligned;

    public PairCorrelationFunction(CorrelationSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        calculator = new PairCorrelationCalculator(settings);
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("pair",
                TypeInformation.of(PairState.class)));
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending-hours",
                Types.LONG, TypeInformation.of(PendingHour.class)));
        names = getRuntimeContext().getState(new ValueStateDescriptor<>("pair-symbols",
                Types.OBJECT_ARRAY(Types.STRING)));
        rejected = new RejectedInputs(getRuntimeContext(), "correlation");
        unaligned = getRuntimeContext().getMetricGroup().counter("unalignedHours");
    }

    @Override
    public void processElement(PairReturn r, Context ctx, Collector<HourlyPairCorrelation> out)
            throws Exception {
        if (r.closeTime() <= ctx.timerService().currentWatermark()) {
            rejected.record(r.pair(), new RejectedInputException("return of the hour closing at "
                    + r.closeTime() + " arrived after that hour was aligned"));
            return;
        }
        if (names.value() == null) {
            names.update(new String[] {r.symbolA(), r.symbolB()});
        }
        PendingHour h = pending.get(r.closeTime());
        if (h == null) {
            h = new PendingHour();
            ctx.timerService().registerEventTimeTimer(r.closeTime());
        }
        if (r.first()) {
            h.a = r.logReturn();
        } else {
            h.b = r.logReturn();
        }
        pending.put(r.closeTime(), h);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<HourlyPairCorrelation> out)
            throws Exception {
        PendingHour h = pending.get(timestamp);
        pending.remove(timestamp);
        if (h == null || h.a == null || h.b == null) {
            unaligned.inc();
            return;
        }
        String[] ab = names.value();
        PairState st = state.value();
        if (st == null) {
            st = PairState.empty(settings);
        }
        PairCorrelationCalculator.Result res;
        try {
            res = calculator.onAligned(st, ab[0], ab[1], timestamp, h.a, h.b);
        } catch (RejectedInputException e) {
            rejected.record(ctx.getCurrentKey(), e);
            return;
        }
        state.update(st);
        out.collect(HourlyPairCorrelation.of(timestamp, res.correlation()));
        if (res.enteredBreak()) {
            ctx.output(EventOutput.EVENTS, MarketEvents.correlationBreak(res.correlation(),
                    timestamp, res.shortHours(), res.longHours()));
        }
    }
}
