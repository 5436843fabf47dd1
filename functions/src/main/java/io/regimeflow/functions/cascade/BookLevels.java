package io.regimeflow.functions.cascade;

/** Support and resistance of one order book, waiting for the watermark to pass its time. */
public record BookLevels(long time, double[] support, double[] resistance) {}
