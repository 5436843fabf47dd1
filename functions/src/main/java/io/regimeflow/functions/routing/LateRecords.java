package io.regimeflow.functions.routing;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The {@code lateRecords} metrics of one operator: the operator's total, and one per symbol (in
 * the group {@code symbol=<symbol>}) so that the end-of-run summary can say whose records were
 * late. A record is late when it arrives after the watermark has passed the period it belongs to;
 * it is then left out of that period, never folded in.
 */
public final class LateRecords {
    /** The metric's name, in the operator's group and in each symbol's. */
    public static final String METRIC = "lateRecords";
    /** The metric group key under which each symbol's count is kept. */
    public static final String SYMBOL_GROUP = "symbol";

    private final MetricGroup group;
    private final Counter total;
    private final Map<String, Counter> bySymbol = new HashMap<>();

    public LateRecords(MetricGroup group) {
        this.group = group;
        this.total = group.counter(METRIC);
    }

    /** Counts one late record of {@code symbol}; returns the operator's total so far. */
    public long count(String symbol) {
        total.inc();
        bySymbol.computeIfAbsent(symbol, s -> group.addGroup(SYMBOL_GROUP, s).counter(METRIC))
                .inc();
        return total.getCount();
    }
}
