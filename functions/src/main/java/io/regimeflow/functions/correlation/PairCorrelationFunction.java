package io.regimeflow.functions.correlation;

import io.regimeflow.functions.common.RejectedInputException;
import io.regimeflow.functions.common.RejectedInputs;
import io.regimeflow.functions.events.EventOutput;
import io.regimeflow.functions.events.MarketEvents;
import io.regimeflow.model.HourlyPairCorrelation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by shard of pairs ({@link PairShards}): gathers the hour's symbol returns by the hour's
 * close time and, once the watermark passes that hour (one timer per shard and hour), feeds each
 * of the shard's pairs whose two symbols have a return to the calculator: hours are therefore
 * always added in order, however the symbols interleave. An hour only one side of a pair has is
 * dropped from the pair, as spec §6 aligns by candle time (counted in {@code unalignedHours} for
 * pairs of configured symbols; a pair with a symbol that is not configured is only known in the
 * hours both have a return). One record per symbol and shard, one timer per shard and hour, where
 * keying by pair took two records and a timer per pair and hour.
 *
 * <p>A symbol that is not configured pairs with every symbol that has a return in the same
 * hour; its pair's state is created on the first such hour and kept by name, like any other. A
 * symbol that stops sending returns (retired by the exchange) leaves its pairs' state as it was:
 * they emit nothing more, and take up again where they were if the symbol comes back.
 */
public final class PairCorrelationFunction
        extends KeyedProcessFunction<Integer, ShardReturn, HourlyPairCorrelation> {
    private static final long serialVersionUID = 1L;

    private final CorrelationSettings settings;
    private final PairShards shards;
    private transient PairCorrelationCalculator calculator;
    /** By pair name: a pair keeps its state when symbols are added to or removed from the list. */
    private transient MapState<String, PairState> pairs;
    /** By close time: the returns of the symbols that closed that hour, by symbol. */
    private transient MapState<Long, Map<String, Double>> pending;
    private transient RejectedInputs rejected;
    private transient Counter unaligned;

    public PairCorrelationFunction(CorrelationSettings settings, PairShards shards) {
        this.settings = settings;
        this.shards = shards;
    }

    @Override
    public void open(OpenContext openContext) {
        calculator = new PairCorrelationCalculator(settings);
        pairs = getRuntimeContext().getMapState(new MapStateDescriptor<>("pairs",
                Types.STRING, TypeInformation.of(PairState.class)));
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending-returns",
                Types.LONG, Types.MAP(Types.STRING, Types.DOUBLE)));
        rejected = new RejectedInputs(getRuntimeContext(), "correlation");
        unaligned = getRuntimeContext().getMetricGroup().counter("unalignedHours");
    }

    @Override
    public void processElement(ShardReturn r, Context ctx, Collector<HourlyPairCorrelation> out)
            throws Exception {
        if (r.closeTime() <= ctx.timerService().currentWatermark()) {
            rejected.record(r.symbol(), new RejectedInputException("return of the hour closing "
                    + "at " + r.closeTime() + " arrived after that hour was aligned"));
            return;
        }
        Map<String, Double> hour = pending.get(r.closeTime());
        if (hour == null) {
            hour = new HashMap<>();
            ctx.timerService().registerEventTimeTimer(r.closeTime());
        }
        hour.put(r.symbol(), r.logReturn());
        pending.put(r.closeTime(), hour);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<HourlyPairCorrelation> out)
            throws Exception {
        Map<String, Double> hour = pending.get(timestamp);
        pending.remove(timestamp);
        if (hour == null) {
            return;
        }
        Double[] returns = new Double[shards.universe().size()];
        List<String> joined = new ArrayList<>();
        hour.forEach((symbol, r) -> {
            int i = shards.indexOf(symbol);
            if (i >= 0) {
                returns[i] = r;
            } else {
                joined.add(symbol);
            }
        });
        int shard = ctx.getCurrentKey();
        for (PairShards.Pair p : shards.of(shard)) {
            Double a = returns[p.a()];
            Double b = returns[p.b()];
            if (a == null || b == null) {
                if (a != null || b != null) {
                    unaligned.inc();
                }
                continue;
            }
            align(shards.universe().get(p.a()), shards.universe().get(p.b()), p.name(),
                    timestamp, a, b, ctx, out);
        }
        if (joined.isEmpty()) {
            return;
        }
        // Symbols not configured rank by name among themselves (the pair rule).
        Collections.sort(joined);
        for (PairShards.JoinedPair p : shards.joined(shard, joined, returns)) {
            align(p.a(), p.b(), p.name(), timestamp, hour.get(p.a()), hour.get(p.b()), ctx, out);
        }
    }

    private void align(String symbolA, String symbolB, String name, long timestamp, double a,
            double b, OnTimerContext ctx, Collector<HourlyPairCorrelation> out) throws Exception {
        PairState st = pairs.get(name);
        if (st == null) {
            st = PairState.empty(settings);
        }
        PairCorrelationCalculator.Result res;
        try {
            res = calculator.onAligned(st, symbolA, symbolB, timestamp, a, b);
        } catch (RejectedInputException e) {
            rejected.record(name, e);
            return;
        }
        pairs.put(name, st);
        out.collect(HourlyPairCorrelation.of(timestamp, res.correlation()));
        if (res.enteredBreak()) {
            ctx.output(EventOutput.EVENTS, MarketEvents.correlationBreak(res.correlation(),
                    timestamp, res.shortHours(), res.longHours()));
        }
    }
}
