package io.regimeflow.job.summary;

import io.regimeflow.functions.routing.LateRecords;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;

/**
 * A Flink metric reporter that keeps the counters {@link RunFigures} reads, by job: a split's
 * counters are in a group {@code split=<stream>-<symbol>}, an operator's per-symbol late records
 * in {@code symbol=<symbol>}. It keeps the counter objects, not their values, so a count read
 * after the job ended is the final one whatever the order in which its tasks were torn down.
 */
public final class RunFiguresReporter implements MetricReporter {
    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        if (!(metric instanceof Counter counter) || !RunFigures.COUNTERS.contains(name)) {
            return;
        }
        Map<String, String> vars = group.getAllVariables();
        String job = vars.get("<job_id>");
        if (job == null) {
            return;
        }
        boolean retry = !"0".equals(vars.getOrDefault("<task_attempt_num>", "0"));
        String split = vars.get("<split>");
        String symbol = vars.get("<" + LateRecords.SYMBOL_GROUP + ">");
        if (split != null) {
            int dash = split.indexOf('-');
            if (dash > 0) {
                RunFigures.of(job).add(split.substring(dash + 1), split.substring(0, dash), name,
                        counter, retry);
            }
        } else if (symbol != null && name.equals(LateRecords.METRIC)) {
            RunFigures.of(job).add(symbol, "", name, counter, retry);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {}
}
