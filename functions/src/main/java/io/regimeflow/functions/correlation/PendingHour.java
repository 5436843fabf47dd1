package io.regimeflow.functions.correlation;

/** A pair's returns for one hour while it waits for both sides. A Flink POJO. */
public final class PendingHour {
    public Double a;
    public Double b;

    public PendingHour() {}
}
