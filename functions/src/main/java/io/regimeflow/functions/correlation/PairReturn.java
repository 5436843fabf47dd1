package io.regimeflow.functions.correlation;

/** One side's hourly return, routed to a pair: {@code first} is true for the pair's symbol A. */
public record PairReturn(String pair, String symbolA, String symbolB, boolean first,
        long closeTime, double logReturn) {}
