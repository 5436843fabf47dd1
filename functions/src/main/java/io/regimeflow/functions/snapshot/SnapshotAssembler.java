package io.regimeflow.functions.snapshot;

import io.regimeflow.model.FeatureSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by symbol: once per closed hour, the combined snapshot (spec §7) of each analysis's latest
 * part at the hour's end. An hour is closed when its 1h candle is: the parts computed on that
 * candle (volatility, trend) schedule the snapshot; other parts only wait for it. Parts wait in
 * state until the watermark passes the hour, and only those with an event time inside it are
 * folded in, in event-time order: a funding settlement at 09:00 that happened to arrive early
 * never leaks into the 08:00-09:00 snapshot.
 */
public final class SnapshotAssembler
        extends KeyedProcessFunction<String, FeaturePart, FeatureSnapshot> {
    private static final long serialVersionUID = 1L;
    private static final long HOUR = 3_600_000L;

    /** A part and its event time. */
    public record TimedPart(long time, FeaturePart part) {}

    private transient ValueState<FeatureSnapshot> latest;
    private transient ListState<TimedPart> pending;

    @Override
    public void open(OpenContext openContext) {
        latest = getRuntimeContext().getState(new ValueStateDescriptor<>("latest-parts",
                TypeInformation.of(FeatureSnapshot.class)));
        pending = getRuntimeContext().getListState(new ListStateDescriptor<>("pending-parts",
                TypeInformation.of(TimedPart.class)));
    }

    @Override
    public void processElement(FeaturePart part, Context ctx, Collector<FeatureSnapshot> out)
            throws Exception {
        long time = ctx.timestamp();
        pending.add(new TimedPart(time, part));
        if (part.volatility() != null || part.regimes() != null) {
            ctx.timerService().registerEventTimeTimer(Math.floorDiv(time, HOUR) * HOUR + HOUR - 1);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FeatureSnapshot> out)
            throws Exception {
        List<TimedPart> due = new ArrayList<>();
        List<TimedPart> later = new ArrayList<>();
        for (TimedPart p : pending.get()) {
            (p.time() <= timestamp ? due : later).add(p);
        }
        pending.update(later);
        due.sort(Comparator.comparingLong(TimedPart::time));
        FeatureSnapshot s = latest.value();
        String symbol = ctx.getCurrentKey();
        if (s == null) {
            s = new FeatureSnapshot(0, symbol, null, null, null, null, null);
        }
        for (TimedPart tp : due) {
            FeaturePart p = tp.part();
            s = new FeatureSnapshot(s.timestamp(), symbol,
                    p.cascades() != null ? p.cascades() : s.cascades(),
                    p.funding() != null ? p.funding() : s.funding(),
                    p.volatility() != null ? p.volatility() : s.volatility(),
                    p.regimes() != null ? p.regimes() : s.regimes(),
                    p.correlations() != null ? p.correlations() : s.correlations());
        }
        s = new FeatureSnapshot(timestamp + 1, symbol, s.cascades(), s.funding(), s.volatility(),
                s.regimes(), s.correlations());
        latest.update(s);
        out.collect(s);
    }
}
