package io.regimeflow.functions.candles;

import io.regimeflow.functions.routing.LateRecordCounter;
import io.regimeflow.model.BuiltCandle;
import io.regimeflow.model.Candle;
import io.regimeflow.model.Timeframe;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;

/**
 * Builds 1h, 4h, 1d and 1w candles from 1m candles with event-time tumbling windows (spec §1).
 * Each timeframe is built from the one below it (1m -> 1h -> 4h -> 1d -> 1w): the windows nest
 * exactly, each window holds one small accumulator, and a 1m candle is touched once instead of
 * four times. A 1m candle that arrives after its hour has fired is counted by
 * {@link LateRecordCounter} and logged, never folded in silently.
 */
public final class TimeframeCandles {

    private static final OutputTag<Candle> LATE_MINUTES =
            new OutputTag<>("late-1m-candles", TypeInformation.of(Candle.class));

    private static final TypeInformation<CandleAccumulator> ACCUMULATOR =
            TypeInformation.of(CandleAccumulator.class);
    private static final TypeInformation<BuiltCandle> BUILT = TypeInformation.of(BuiltCandle.class);

    private final Map<Timeframe, DataStream<BuiltCandle>> byTimeframe;

    private TimeframeCandles(Map<Timeframe, DataStream<BuiltCandle>> byTimeframe) {
        this.byTimeframe = byTimeframe;
    }

    /** Wires the four windows onto a stream of 1m candles with event-time timestamps. */
    public static TimeframeCandles build(DataStream<Candle> minutes) {
        Map<Timeframe, DataStream<BuiltCandle>> streams = new EnumMap<>(Timeframe.class);
        SingleOutputStreamOperator<BuiltCandle> hours = minutes
                .keyBy(Candle::symbol)
                .window(windows(Timeframe.H1))
                .sideOutputLateData(LATE_MINUTES)
                .aggregate(new CandleAggregate<Candle>(), new BuiltCandleEmitter(Timeframe.H1),
                        ACCUMULATOR, ACCUMULATOR,
                        BUILT)
                .name("candles-1h")
                .uid("candles-1h");
        hours.getSideOutput(LATE_MINUTES)
                .process(new LateRecordCounter<>("1m candle", Candle::symbol, Candle::openTime))
                .name("late-1m-candles")
                .uid("late-1m-candles");
        streams.put(Timeframe.H1, hours);

        DataStream<BuiltCandle> previous = hours;
        for (Timeframe t : new Timeframe[] {Timeframe.H4, Timeframe.D1, Timeframe.W1}) {
            // A built candle's timestamp is its window's last millisecond, inside the longer
            // window that contains it, and never late: the watermark that fired it is the same.
            previous = previous
                    .keyBy(BuiltCandle::symbol)
                    .window(windows(t))
                    .aggregate(new CandleAggregate<BuiltCandle>(), new BuiltCandleEmitter(t),
                            ACCUMULATOR, ACCUMULATOR,
                            BUILT)
                    .name("candles-" + t.label())
                    .uid("candles-" + t.label());
            streams.put(t, previous);
        }
        return new TimeframeCandles(streams);
    }

    private static TumblingEventTimeWindows windows(Timeframe t) {
        return TumblingEventTimeWindows.of(t.size(), t.offset());
    }

    /** The built candles of one timeframe. */
    public DataStream<BuiltCandle> of(Timeframe timeframe) {
        return byTimeframe.get(timeframe);
    }

    /** The built candles of every timeframe in one stream. */
    public DataStream<BuiltCandle> all() {
        return byTimeframe.get(Timeframe.H1).union(byTimeframe.get(Timeframe.H4),
                byTimeframe.get(Timeframe.D1), byTimeframe.get(Timeframe.W1));
    }
}
