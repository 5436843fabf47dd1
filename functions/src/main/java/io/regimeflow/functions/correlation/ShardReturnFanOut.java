package io.regimeflow.functions.correlation;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Sends each symbol's hourly return to every shard that may hold one of its pairs
 * ({@link PairShards#reachedBy}): symbols x shards records an hour, where one record per pair
 * side (2 x pairs, 39,800 at 200 symbols) was the bulk of the correlation's network traffic and
 * state lookups. When symbols may join while running, every shard, for a configured symbol too:
 * its pairs with a joining symbol may be in any shard.
 */
public final class ShardReturnFanOut implements FlatMapFunction<SymbolReturn, ShardReturn> {
    private static final long serialVersionUID = 1L;

    private final PairShards shards;

    public ShardReturnFanOut(PairShards shards) {
        this.shards = shards;
    }

    @Override
    public void flatMap(SymbolReturn r, Collector<ShardReturn> out) {
        for (int s : shards.reachedBy(r.symbol())) {
            out.collect(new ShardReturn(s, r.symbol(), r.closeTime(), r.logReturn()));
        }
    }
}
