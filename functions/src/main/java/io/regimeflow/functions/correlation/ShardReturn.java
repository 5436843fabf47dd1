package io.regimeflow.functions.correlation;

/** A symbol's hourly return, routed to one shard of the pairs. */
public record ShardReturn(int shard, String symbol, long closeTime, double logReturn) {}
