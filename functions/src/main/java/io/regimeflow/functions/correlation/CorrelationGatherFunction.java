package io.regimeflow.functions.correlation;

import io.regimeflow.functions.snapshot.FeaturePart;
import io.regimeflow.model.CorrelationFeatures;
import io.regimeflow.model.PairCorrelation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Gathers each hour's pair records (one key for the whole universe: the per-pair work is done;
 * this only counts leaders, once per pair per hour) and, once the watermark passes the hour,
 * emits every symbol's correlation part: its pairs, the leading asset and the lagging assets.
 */
public final class CorrelationGatherFunction
        extends KeyedProcessFunction<Integer, HourPair, FeaturePart> {
    private static final long serialVersionUID = 1L;

    /** The single key of the gather. */
    public static final int UNIVERSE = 0;

    private final List<String> universe;
    private transient ListState<HourPair> pending;

    public CorrelationGatherFunction(List<String> universe) {
        this.universe = List.copyOf(universe);
    }

    @Override
    public void open(OpenContext openContext) {
        pending = getRuntimeContext().getListState(new ListStateDescriptor<>("pending-pairs",
                TypeInformation.of(HourPair.class)));
    }

    @Override
    public void processElement(HourPair p, Context ctx, Collector<FeaturePart> out)
            throws Exception {
        pending.add(p);
        ctx.timerService().registerEventTimeTimer(p.closeTime());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FeaturePart> out)
            throws Exception {
        List<PairCorrelation> now = new ArrayList<>();
        List<HourPair> later = new ArrayList<>();
        for (HourPair p : pending.get()) {
            if (p.closeTime() <= timestamp) {
                now.add(p.correlation());
            } else {
                later.add(p);
            }
        }
        pending.update(later);
        now.sort(java.util.Comparator.comparing(PairCorrelation::pair));
        Map<String, CorrelationFeatures> bySymbol = CorrelationSummary.of(timestamp, universe,
                now);
        bySymbol.forEach((symbol, features) -> out.collect(FeaturePart.of(symbol, features)));
    }
}
