package io.regimeflow.functions.cascade;

/** One minute's liquidations of a symbol: USD by liquidated side, and how many. A Flink POJO. */
public final class MinuteBucket {
    public double longUsd;
    public double shortUsd;
    public int count;

    public MinuteBucket() {}
}
