package io.regimeflow.functions.snapshot;

import io.regimeflow.model.FeatureSnapshot;
import io.regimeflow.model.Timeframe;
import java.util.ArrayList;
import java.util.Comparator;
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
 * Keyed by symbol: once per closed hour, the combined snapshot (spec §7) of each analysis's latest
 * part at the hour's end. An hour is closed when its 1h candle is: the parts computed on that
 * candle (volatility, trend) schedule the snapshot; other parts only wait for it. Parts wait in
 * state, bucketed by the hour they fall in, until the watermark passes that hour; then the
 * buckets up to it are folded in, in event-time order: a funding settlement at 09:00 that
 * happened to arrive early never leaks into the 08:00-09:00 snapshot. An hour's bucket keeps
 * only the latest part of each analysis ({@link HourBucket}): the snapshot shows no other.
 */
public final class SnapshotAssembler
        extends KeyedProcessFunction<String, FeaturePart, FeatureSnapshot> {
    private static final long serialVersionUID = 1L;
    private static final long HOUR = 3_600_000L;

    /** A part and its event time. */
    public record TimedPart(long time, FeaturePart part) {}

    private transient ValueState<FeatureSnapshot> latest;
    private transient MapState<Long, List<TimedPart>> pending;
    /** The last hour end whose parts were folded in; null before the first snapshot. */
    private transient ValueState<Long> foldedUpTo;

    @Override
    public void open(OpenContext openContext) {
        latest = getRuntimeContext().getState(new ValueStateDescriptor<>("latest-parts",
                TypeInformation.of(FeatureSnapshot.class)));
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending-parts",
                Types.LONG, Types.LIST(TypeInformation.of(TimedPart.class))));
        foldedUpTo = getRuntimeContext().getState(new ValueStateDescriptor<>("folded-up-to",
                Types.LONG));
    }


    @Override
    public void processElement(FeaturePart part, Context ctx, Collector<FeatureSnapshot> out)
            throws Exception {
        long time = ctx.timestamp();
        long hour = Timeframe.H1.closeTime(time);
        Long folded = foldedUpTo.value();
        if (folded != null && hour <= folded) {
            // Its hour's snapshot is out already (a funding settlement the venue published
            // late): it goes into the next one rather than nowhere.
            hour = folded + HOUR;
        }
        List<TimedPart> bucket = pending.get(hour);
        if (bucket == null) {
            bucket = new ArrayList<>();
        }
        if (HourBucket.add(bucket, new TimedPart(time, part))) {
            pending.put(hour, bucket);
        }
        if (part.volatility() != null || part.regimes() != null) {
            ctx.timerService().registerEventTimeTimer(hour);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FeatureSnapshot> out)
            throws Exception {
        List<TimedPart> due = new ArrayList<>();
        Long folded = foldedUpTo.value();
        if (folded == null) {
            List<Long> hours = new ArrayList<>(); // the first snapshot: whatever came before it
            for (Long hour : pending.keys()) {
                if (hour <= timestamp) {
                    hours.add(hour);
                }
            }
            for (Long hour : hours) {
                due.addAll(pending.get(hour));
                pending.remove(hour);
            }
        } else {
            // Hours without a closed candle keep their parts for the next snapshot.
            for (long hour = folded + HOUR; hour <= timestamp; hour += HOUR) {
                List<TimedPart> bucket = pending.get(hour);
                if (bucket != null) {
                    due.addAll(bucket);
                    pending.remove(hour);
                }
            }
        }
        foldedUpTo.update(timestamp);
        due.sort(Comparator.comparingLong(TimedPart::time));
        FeatureSnapshot s = latest.value();
        String symbol = ctx.getCurrentKey();
        if (s == null) {
            s = new FeatureSnapshot(0, symbol, null, null, null, null, null);
        }
        for (TimedPart tp : due) {
            s = tp.part().applyTo(s);
        }
        s = new FeatureSnapshot(timestamp + 1, symbol, s.cascades(), s.funding(), s.volatility(),
                s.regimes(), s.correlations());
        latest.update(s);
        out.collect(s);
    }
}
