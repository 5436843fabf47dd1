package io.regimeflow.job;

import io.regimeflow.functions.AnalysisSettings;
import io.regimeflow.functions.MarketAnalyses;
import io.regimeflow.functions.candles.TimeframeCandles;
import io.regimeflow.functions.routing.MarketRecordRouter;
import io.regimeflow.functions.routing.ReplayFilter;
import io.regimeflow.model.Candle;
import io.regimeflow.model.MarketRecord;
import io.regimeflow.model.Timeframe;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The dataflow: market records from one source with per-split event-time watermarks, routed by
 * kind, 1m candles built into 1h/4h/1d/1w, the five analyses, the hourly snapshot and the events,
 * into the sinks. Every stateful operator has a fixed uid, so savepoints survive job changes.
 */
public final class RegimeflowPipeline {

    private RegimeflowPipeline() {}

    /** Event time from each record; watermarks per source split, idle splits ignored. */
    public static WatermarkStrategy<MarketRecord> watermarks(Duration maxOutOfOrderness,
            Duration idleness) {
        return WatermarkStrategy.<MarketRecord>forBoundedOutOfOrderness(maxOutOfOrderness)
                .withTimestampAssigner((record, previous) -> record.data().eventTime())
                .withIdleness(idleness);
    }

    /** Adds the pipeline to {@code env} and attaches the sinks. */
    public static void build(StreamExecutionEnvironment env, MarketInput input,
            AnalysisSettings analysis, PipelineSinks sinks) {
        DataStream<MarketRecord> records = env
                .fromSource(input.source(), input.watermarks(), "market-data",
                        TypeInformation.of(MarketRecord.class))
                .uid("market-data-source");
        if (input.atLeastOnce()) {
            records = records
                    .keyBy((MarketRecord r) -> r.data().symbol(), Types.STRING)
                    .process(new ReplayFilter(), TypeInformation.of(MarketRecord.class))
                    .name("drop-replayed-records")
                    .uid("drop-replayed-records");
        }
        SingleOutputStreamOperator<Candle> minutes = records
                .process(new MarketRecordRouter(), TypeInformation.of(Candle.class))
                .name("route-market-records")
                .uid("route-market-records");

        TimeframeCandles candles = TimeframeCandles.build(minutes);
        MarketAnalyses analyses = MarketAnalyses.build(analysis, candles.all(),
                candles.of(Timeframe.H1),
                minutes.getSideOutput(MarketRecordRouter.ORDER_BOOKS),
                minutes.getSideOutput(MarketRecordRouter.FUNDING),
                minutes.getSideOutput(MarketRecordRouter.LIQUIDATIONS));

        attach(minutes, sinks.minutes());
        attach(candles.all(), sinks.candles());
        attach(analyses.snapshots(), sinks.snapshots());
        attach(analyses.events(), sinks.events());
        attach(analyses.pairCorrelations(), sinks.pairCorrelations());
    }

    private static <T> void attach(DataStream<T> stream, List<PipelineSinks.Output<T>> outputs) {
        for (PipelineSinks.Output<T> o : outputs) {
            DataStreamSink<T> s = stream.sinkTo(o.sink()).name(o.name()).uid(o.name());
            if (o.parallelism() != null) {
                s.setParallelism(o.parallelism());
            }
        }
    }
}
