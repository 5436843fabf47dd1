package io.regimeflow.job;

import io.regimeflow.model.BuiltCandle;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * Where the pipeline's outputs go. The job receives its sinks (as flink-training's jobs do), so
 * the same pipeline runs in {@code main} with the configured ones and in tests with collecting
 * ones.
 *
 * @param candles built 1h/4h/1d/1w candles, or null for none
 * @param candleSinkParallelism parallelism of the candle sink, or null for the job's
 */
public record PipelineSinks(Sink<BuiltCandle> candles, Integer candleSinkParallelism) {}
