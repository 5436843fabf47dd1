package io.regimeflow.functions.correlation;

import io.regimeflow.functions.snapshot.FeaturePart;
import io.regimeflow.model.CorrelationFeatures;
import io.regimeflow.model.HourlyPairCorrelation;
import io.regimeflow.model.PairCorrelation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by hour: gathers the hour's pair records and, once the watermark passes the hour, emits
 * every symbol's correlation part: its pairs in break and its strongest pairs, the leading asset
 * and the lagging assets. Each configured symbol has a part every hour; a symbol that is not
 * configured (it joined the universe while the job runs) has one in the hours it has a pair, and
 * none once it stops having returns (retired). Keying by hour spreads consecutive hours over the
 * cluster, and each hour's records are appended (O(1) a record) and read once.
 */
public final class CorrelationGatherFunction
        extends KeyedProcessFunction<Long, HourlyPairCorrelation, FeaturePart> {
    private static final long serialVersionUID = 1L;

    private final List<String> universe;
    private final int snapshotPairs;
    private transient ListState<PairCorrelation> pairs;

    /**
     * @param universe the configured symbols
     * @param snapshotPairs how many of its strongest pairs a symbol's part keeps
     */
    public CorrelationGatherFunction(List<String> universe, int snapshotPairs) {
        this.universe = List.copyOf(universe);
        this.snapshotPairs = snapshotPairs;
    }

    @Override
    public void open(OpenContext openContext) {
        pairs = getRuntimeContext().getListState(new ListStateDescriptor<>("hour-pairs",
                TypeInformation.of(PairCorrelation.class)));
    }

    @Override
    public void processElement(HourlyPairCorrelation p, Context ctx,
            Collector<FeaturePart> out) throws Exception {
        pairs.add(p.correlation());
        ctx.timerService().registerEventTimeTimer(p.time());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FeaturePart> out)
            throws Exception {
        List<PairCorrelation> hour = new ArrayList<>();
        pairs.get().forEach(hour::add);
        pairs.clear();
        hour.sort(Comparator.comparing(PairCorrelation::pair));
        Map<String, CorrelationFeatures> bySymbol = CorrelationSummary.of(timestamp, universe,
                hour, snapshotPairs);
        bySymbol.forEach((symbol, features) -> out.collect(FeaturePart.of(symbol, features)));
    }
}
