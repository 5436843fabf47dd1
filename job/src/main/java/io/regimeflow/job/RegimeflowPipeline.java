package io.regimeflow.job;

import io.regimeflow.functions.candles.TimeframeCandles;
import io.regimeflow.functions.routing.MarketRecordRouter;
import io.regimeflow.model.Candle;
import io.regimeflow.model.MarketRecord;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The dataflow: market records from one source, per-split event-time watermarks, routed by kind,
 * 1m candles built into 1h/4h/1d/1w, and the results into the sinks. Every stateful operator has
 * a fixed uid, so savepoints survive changes to the job.
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

    /** Adds the pipeline to {@code env}. */
    public static void build(StreamExecutionEnvironment env,
            Source<MarketRecord, ?, ?> source, WatermarkStrategy<MarketRecord> watermarks,
            PipelineSinks sinks) {
        SingleOutputStreamOperator<Candle> minutes = env
                .fromSource(source, watermarks, "market-data", TypeInformation.of(
                        MarketRecord.class))
                .uid("market-data-source")
                .process(new MarketRecordRouter(), TypeInformation.of(Candle.class))
                .name("route-market-records")
                .uid("route-market-records");

        TimeframeCandles candles = TimeframeCandles.build(minutes);

        if (sinks.candles() != null) {
            DataStreamSink<?> sink = candles.all().sinkTo(sinks.candles())
                    .name("candles-sink")
                    .uid("candles-sink");
            if (sinks.candleSinkParallelism() != null) {
                sink.setParallelism(sinks.candleSinkParallelism());
            }
        }
    }
}
