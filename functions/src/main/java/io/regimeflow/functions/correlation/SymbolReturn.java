package io.regimeflow.functions.correlation;

/** A symbol's log return over the hour closing at {@code closeTime}. */
public record SymbolReturn(String symbol, long closeTime, double logReturn) {}
