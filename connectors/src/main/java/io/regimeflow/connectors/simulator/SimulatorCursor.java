package io.regimeflow.connectors.simulator;

/**
 * Everything a symbol's simulation carries from one minute to the next, and so everything a
 * checkpoint must hold to resume it exactly: the next minute to emit, the log price, and the
 * funding rate's autoregressive state.
 *
 * @param nextOpenTime open time of the next 1m candle to emit (UTC epoch milliseconds)
 * @param logPrice natural log of the last close
 * @param fundingRate the funding level: the slowly drifting part of the rate (per interval)
 */
public record SimulatorCursor(long nextOpenTime, double logPrice, double fundingRate) {}
