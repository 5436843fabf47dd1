package io.regimeflow.connectors.exchange.split;

import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One stream of one symbol, immutable, with its cursor: what has been emitted so far, so that a
 * restore from a checkpoint resumes right after it.
 *
 * @param index the symbol's position in the configured universe (decides the reader that owns it)
 * @param position for KLINES the open time of the next candle to emit; for FUNDING the time of the
 *     last settlement emitted (or the start minus one); for DEPTH and LIQUIDATIONS the time of the
 *     last record emitted (they cannot be replayed: it is kept for monitoring only)
 * @param previous for FUNDING the settlement before {@code position}, -1 if none (the funding
 *     interval is the gap between them); for KLINES the open time the split was made to start
 *     at when its symbol joined a universe while the job ran, -1 for the configured start (so a
 *     reader can tell a fresh split from a restored cursor); unused otherwise
 */
public record ExchangeSplit(String symbol, int index, ExchangeStream stream, long position,
        long previous) implements SourceSplit {

    @Override
    public String splitId() {
        return stream.id() + "-" + symbol;
    }

    public ExchangeSplit at(long newPosition, long newPrevious) {
        return new ExchangeSplit(symbol, index, stream, newPosition, newPrevious);
    }
}
