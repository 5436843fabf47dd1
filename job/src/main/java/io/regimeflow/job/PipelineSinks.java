package io.regimeflow.job;

import io.regimeflow.model.BuiltCandle;
import io.regimeflow.model.Candle;
import io.regimeflow.model.FeatureSnapshot;
import io.regimeflow.model.HourlyPairCorrelation;
import io.regimeflow.model.MarketEvent;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * Where the pipeline's outputs go. The job receives its sinks (as flink-training's jobs do), so
 * the same pipeline runs in {@code main} with the configured ones and in tests with collecting
 * ones. An output with no sink is not written.
 *
 * @param candles built 1h/4h/1d/1w candles
 * @param snapshots hourly feature snapshots
 * @param events market events
 * @param minutes the 1m candles as they arrive (the dashboard's live price)
 * @param pairCorrelations every pair's hourly correlation
 */
public record PipelineSinks(List<Output<BuiltCandle>> candles,
        List<Output<FeatureSnapshot>> snapshots, List<Output<MarketEvent>> events,
        List<Output<Candle>> minutes, List<Output<HourlyPairCorrelation>> pairCorrelations) {

    /**
     * One sink of one output.
     *
     * @param name the operator's name and uid: fixed, so savepoints keep the sink's state
     * @param parallelism the sink's parallelism, or null for the job's
     */
    public record Output<T>(String name, Sink<T> sink, Integer parallelism) {}

    public PipelineSinks {
        candles = List.copyOf(candles);
        snapshots = List.copyOf(snapshots);
        events = List.copyOf(events);
        minutes = List.copyOf(minutes);
        pairCorrelations = List.copyOf(pairCorrelations);
    }

    public PipelineSinks(List<Output<BuiltCandle>> candles,
            List<Output<FeatureSnapshot>> snapshots, List<Output<MarketEvent>> events,
            List<Output<Candle>> minutes) {
        this(candles, snapshots, events, minutes, List.of());
    }

    public PipelineSinks(List<Output<BuiltCandle>> candles,
            List<Output<FeatureSnapshot>> snapshots, List<Output<MarketEvent>> events) {
        this(candles, snapshots, events, List.of(), List.of());
    }

    public static PipelineSinks none() {
        return new PipelineSinks(List.of(), List.of(), List.of());
    }

    /** One sink per output at the job's parallelism. */
    public static PipelineSinks of(Sink<BuiltCandle> candles, Sink<FeatureSnapshot> snapshots,
            Sink<MarketEvent> events) {
        return new PipelineSinks(List.of(new Output<>("candles-sink", candles, null)),
                List.of(new Output<>("snapshots-sink", snapshots, null)),
                List.of(new Output<>("events-sink", events, null)));
    }

    /** These sinks and {@code sink} for the pair correlations, at the job's parallelism. */
    public PipelineSinks withPairCorrelations(Sink<HourlyPairCorrelation> sink) {
        return new PipelineSinks(candles, snapshots, events, minutes,
                List.of(new Output<>("pair-correlations-sink", sink, null)));
    }
}
