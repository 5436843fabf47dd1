package io.regimeflow.functions.routing;

import io.regimeflow.model.Liquidation;
import io.regimeflow.model.MarketRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed by symbol, drops records an at-least-once input delivers again ({@link ReplayCursor}):
 * a candle counted twice would double a built candle's volume, a liquidation twice a cascade's
 * size. Each kind of record must therefore arrive in event-time order per symbol, as the publish
 * command writes them; a record behind its kind's cursor is dropped as a repeat, counted in
 * {@code replayedRecords} and logged (the first ten, then one line per thousand).
 */
public final class ReplayFilter extends KeyedProcessFunction<String, MarketRecord, MarketRecord> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ReplayFilter.class);

    private transient ValueState<ReplayCursor> cursor;
    private transient ListState<Liquidation> liquidationsAtCursor;
    private transient Counter replayed;

    @Override
    public void open(OpenContext openContext) {
        cursor = getRuntimeContext().getState(new ValueStateDescriptor<>("replay-cursor",
                TypeInformation.of(ReplayCursor.class)));
        liquidationsAtCursor = getRuntimeContext().getListState(new ListStateDescriptor<>(
                "liquidations-at-cursor", TypeInformation.of(Liquidation.class)));
        replayed = getRuntimeContext().getMetricGroup().counter("replayedRecords");
    }

    @Override
    public void processElement(MarketRecord record, Context ctx, Collector<MarketRecord> out)
            throws Exception {
        ReplayCursor c = cursor.value();
        if (c == null) {
            c = new ReplayCursor();
        }
        List<Liquidation> atCursor = new ArrayList<>();
        if (record.data() instanceof Liquidation) {
            liquidationsAtCursor.get().forEach(atCursor::add);
        }
        if (c.isRepeat(record.data(), atCursor)) {
            replayed.inc();
            long n = replayed.getCount();
            if (n <= 10 || n % 1000 == 0) {
                LOG.warn("dropped {} of {} at {}: not after the last one of its kind, a repeat "
                        + "of an at-least-once input ({} dropped so far)",
                        record.data().getClass().getSimpleName(), ctx.getCurrentKey(),
                        record.data().eventTime(), n);
            }
            return;
        }
        if (c.advance(record.data())) {
            liquidationsAtCursor.add((Liquidation) record.data());
        } else if (record.data() instanceof Liquidation l) {
            liquidationsAtCursor.update(List.of(l));
        }
        cursor.update(c);
        out.collect(record);
    }
}
