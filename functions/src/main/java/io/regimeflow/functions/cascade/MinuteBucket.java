package io.regimeflow.functions.cascade;

/**
 * One minute's liquidations of a symbol: USD by liquidated side, how many, and the venue that
 * reported them (the latest one's, null where unknown). A Flink POJO.
 */
public final class MinuteBucket {
    public double longUsd;
    public double shortUsd;
    public int count;
    public String venue;

    public MinuteBucket() {}
}
