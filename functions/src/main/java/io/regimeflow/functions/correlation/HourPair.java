package io.regimeflow.functions.correlation;

import io.regimeflow.model.PairCorrelation;

/** A pair's record for the hour closing at {@code closeTime}. */
public record HourPair(long closeTime, PairCorrelation correlation) {}
