package io.regimeflow.functions.routing;

import java.io.Serializable;
import java.time.Instant;
import java.util.function.Function;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Terminal operator for records that arrived after the watermark had passed their window: counts
 * them in the {@code lateRecords} metrics (the operator's and the symbol's) and logs them (the
 * first ones in full, then one line per
 * hundred), so that lateness shows up in monitoring instead of vanishing.
 */
public final class LateRecordCounter<T> extends ProcessFunction<T, Void> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(LateRecordCounter.class);

    /** A serializable accessor. */
    public interface Field<T, R> extends Function<T, R>, Serializable {}

    private final String kind;
    private final Field<T, String> symbol;
    private final Field<T, Long> time;
    private transient LateRecords late;

    public LateRecordCounter(String kind, Field<T, String> symbol, Field<T, Long> time) {
        this.kind = kind;
        this.symbol = symbol;
        this.time = time;
    }

    @Override
    public void open(OpenContext openContext) {
        late = new LateRecords(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(T value, Context ctx, Collector<Void> out) {
        long n = late.count(symbol.apply(value));
        if (n <= 10 || n % 100 == 0) {
            LOG.warn("late {} of {} at {} arrived after the watermark ({}); not aggregated "
                            + "({} late records so far); raise source.max-out-of-orderness if "
                            + "this is expected", kind, symbol.apply(value),
                    Instant.ofEpochMilli(time.apply(value)),
                    Instant.ofEpochMilli(ctx.timerService().currentWatermark()), n);
        }
    }
}
