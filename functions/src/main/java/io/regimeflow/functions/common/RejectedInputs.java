package io.regimeflow.functions.common;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts input an analysis refused in the {@code rejectedInputs} metric and logs why: the first
 * ten in full, then one line per hundred, so a bad feed is visible without flooding the log.
 */
public final class RejectedInputs {
    private static final Logger LOG = LoggerFactory.getLogger(RejectedInputs.class);

    private final String analysis;
    private final Counter counter;

    public RejectedInputs(RuntimeContext context, String analysis) {
        this.analysis = analysis;
        this.counter = context.getMetricGroup().counter("rejectedInputs");
    }

    public void record(String symbol, RejectedInputException e) {
        counter.inc();
        long n = counter.getCount();
        if (n <= 10 || n % 100 == 0) {
            LOG.warn("{} rejected input for {}: {} ({} rejected so far)", analysis, symbol,
                    e.getMessage(), n);
        }
    }
}
