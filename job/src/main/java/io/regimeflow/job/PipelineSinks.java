package io.regimeflow.job;

import io.regimeflow.model.BuiltCandle;
import io.regimeflow.model.FeatureSnapshot;
import io.regimeflow.model.MarketEvent;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * Where the pipeline's outputs go. The job receives its sinks (as flink-training's jobs do), so
 * the same pipeline runs in {@code main} with the configured ones and in tests with collecting
 * ones. A null sink means that output is not written.
 *
 * @param candles built 1h/4h/1d/1w candles
 * @param snapshots hourly feature snapshots
 * @param events market events
 * @param sinkParallelism parallelism of the sinks, or null for the job's
 */
public record PipelineSinks(Sink<BuiltCandle> candles, Sink<FeatureSnapshot> snapshots,
        Sink<MarketEvent> events, Integer sinkParallelism) {

    public static PipelineSinks none() {
        return new PipelineSinks(null, null, null, null);
    }
}
