package io.regimeflow.functions;

import io.regimeflow.functions.cascade.BookLevels;
import io.regimeflow.functions.cascade.CascadeFunction;
import io.regimeflow.functions.correlation.CorrelationGatherFunction;
import io.regimeflow.functions.correlation.HourlyReturnFunction;
import io.regimeflow.functions.correlation.PairCorrelationFunction;
import io.regimeflow.functions.correlation.PairShards;
import io.regimeflow.functions.correlation.ShardReturn;
import io.regimeflow.functions.correlation.ShardReturnFanOut;
import io.regimeflow.functions.correlation.SymbolReturn;
import io.regimeflow.functions.events.EventOutput;
import io.regimeflow.functions.funding.FundingAnomalyFunction;
import io.regimeflow.functions.snapshot.FeaturePart;
import io.regimeflow.functions.snapshot.SnapshotAssembler;
import io.regimeflow.functions.trend.TrendRegimeFunction;
import io.regimeflow.functions.volatility.VolatilityRegimeFunction;
import io.regimeflow.model.BuiltCandle;
import io.regimeflow.model.FeatureSnapshot;
import io.regimeflow.model.FundingSettlement;
import io.regimeflow.model.HourlyPairCorrelation;
import io.regimeflow.model.Liquidation;
import io.regimeflow.model.MarketEvent;
import io.regimeflow.model.OrderBook;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The five analyses of spec §2 to §6 on the typed streams, the hourly snapshot (§7) and the
 * events (§8). Every stateful operator has a fixed uid. The per-pair correlation work is keyed by
 * shard of pairs and the hourly gather by hour: both spread over the cluster.
 */
public final class MarketAnalyses {

    private static final TypeInformation<FeaturePart> PART = TypeInformation.of(FeaturePart.class);

    /**
     * Shards of the pairs: the keys of the pair work. Enough to spread over a few subtasks
     * evenly, few enough that each symbol's return is sent only this many times an hour. Fixed:
     * a pair's state lives under its shard, so another count would re-warm every pair.
     */
    static final int PAIR_SHARDS = 32;

    private final DataStream<FeatureSnapshot> snapshots;
    private final DataStream<MarketEvent> events;
    private final DataStream<HourlyPairCorrelation> pairCorrelations;

    private MarketAnalyses(DataStream<FeatureSnapshot> snapshots, DataStream<MarketEvent> events,
            DataStream<HourlyPairCorrelation> pairCorrelations) {
        this.snapshots = snapshots;
        this.events = events;
        this.pairCorrelations = pairCorrelations;
    }

    /** Wires the analyses; every input stream carries event-time timestamps and watermarks. */
    public static MarketAnalyses build(AnalysisSettings settings,
            DataStream<BuiltCandle> allCandles, DataStream<BuiltCandle> hourCandles,
            DataStream<OrderBook> books, DataStream<FundingSettlement> funding,
            DataStream<Liquidation> liquidations) {
        SingleOutputStreamOperator<FeaturePart> volatility = hourCandles
                .keyBy(BuiltCandle::symbol)
                .process(new VolatilityRegimeFunction(settings.volatility()), PART)
                .name("volatility-regime").uid("volatility-regime");

        SingleOutputStreamOperator<FeaturePart> fundingParts = funding
                .keyBy(FundingSettlement::symbol)
                .process(new FundingAnomalyFunction(settings.funding()), PART)
                .name("funding-anomaly").uid("funding-anomaly");

        SingleOutputStreamOperator<FeaturePart> trend = allCandles
                .keyBy(BuiltCandle::symbol)
                .process(new TrendRegimeFunction(settings.trend()), PART)
                .name("trend-regime").uid("trend-regime");

        double bookBin = settings.cascade().bookBin();
        DataStream<BookLevels> bookLevels = books
                .map(b -> BookLevels.of(b, bookBin), TypeInformation.of(BookLevels.class))
                .name("order-book-levels").uid("order-book-levels");
        SingleOutputStreamOperator<FeaturePart> cascade = liquidations
                .keyBy(Liquidation::symbol)
                .connect(bookLevels.keyBy(BookLevels::symbol))
                .process(new CascadeFunction(settings.cascade()), PART)
                .name("liquidation-cascade").uid("liquidation-cascade");

        PairShards shards = new PairShards(settings.symbols(), PAIR_SHARDS,
                settings.symbolsMayJoin());
        SingleOutputStreamOperator<HourlyPairCorrelation> pairs = hourCandles
                .keyBy(BuiltCandle::symbol)
                .process(new HourlyReturnFunction(), TypeInformation.of(SymbolReturn.class))
                .name("hourly-returns").uid("hourly-returns")
                .flatMap(new ShardReturnFanOut(shards), TypeInformation.of(ShardReturn.class))
                .name("pair-shard-fan-out").uid("pair-shard-fan-out")
                .keyBy(ShardReturn::shard, Types.INT)
                .process(new PairCorrelationFunction(settings.correlation(), shards),
                        TypeInformation.of(HourlyPairCorrelation.class))
                .name("pair-correlation-shards").uid("pair-correlation-shards");
        SingleOutputStreamOperator<FeaturePart> correlation = pairs
                .keyBy(HourlyPairCorrelation::time, Types.LONG)
                .process(new CorrelationGatherFunction(settings.symbols(),
                        settings.correlation().snapshotPairs()), PART)
                .name("correlation-gather").uid("correlation-gather");

        DataStream<FeatureSnapshot> snapshots = volatility
                .union(fundingParts, trend, cascade, correlation)
                .keyBy(FeaturePart::symbol)
                .process(new SnapshotAssembler(), TypeInformation.of(FeatureSnapshot.class))
                .name("hourly-snapshot").uid("hourly-snapshot");

        DataStream<MarketEvent> events = volatility.getSideOutput(EventOutput.EVENTS)
                .union(fundingParts.getSideOutput(EventOutput.EVENTS),
                        trend.getSideOutput(EventOutput.EVENTS),
                        cascade.getSideOutput(EventOutput.EVENTS),
                        pairs.getSideOutput(EventOutput.EVENTS));
        return new MarketAnalyses(snapshots, events, pairs);
    }

    public DataStream<FeatureSnapshot> snapshots() {
        return snapshots;
    }

    public DataStream<MarketEvent> events() {
        return events;
    }

    /** Every pair's correlation, once per hour both its symbols closed. */
    public DataStream<HourlyPairCorrelation> pairCorrelations() {
        return pairCorrelations;
    }
}
