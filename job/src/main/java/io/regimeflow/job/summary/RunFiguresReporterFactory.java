package io.regimeflow.job.summary;

import java.util.Properties;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/** Creates the {@link RunFiguresReporter} (found by Flink through {@code META-INF/services}). */
public final class RunFiguresReporterFactory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        return new RunFiguresReporter();
    }
}
