package io.regimeflow.job;

import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;

/** Counters a test's mini-cluster reported, read while its job runs. */
final class ReportedCounters {

    private ReportedCounters() {}

    /**
     * The sum of the counters {@code name} of the groups whose identifier holds {@code part}
     * (a split's id, say; empty: every group).
     */
    static long sum(InMemoryReporter reporter, String part, String name) {
        long sum = 0;
        for (Map.Entry<MetricGroup, Map<String, Metric>> e
                : reporter.getMetricsByGroup().entrySet()) {
            Metric m = e.getValue().get(name);
            if (m instanceof Counter c && e.getKey().getMetricIdentifier(name).contains(part)) {
                sum += c.getCount();
            }
        }
        return sum;
    }
}
