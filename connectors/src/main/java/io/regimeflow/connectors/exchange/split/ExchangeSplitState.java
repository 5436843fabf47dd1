package io.regimeflow.connectors.exchange.split;

import io.regimeflow.model.Candle;
import io.regimeflow.model.MarketData;
import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.Counter;

/**
 * A split's cursor as the emitting thread moves it: only what has been emitted counts, so a
 * checkpoint taken between two records resumes exactly after the first.
 */
@Internal
public final class ExchangeSplitState {
    private static final long MINUTE = 60_000L;

    private final ExchangeSplit split;
    private long position;
    private long previous;
    private final Counter emitted;
    private final Counter skipped;

    public ExchangeSplitState(ExchangeSplit split, Counter emitted, Counter skipped) {
        this.split = split;
        this.position = split.position();
        this.previous = split.previous();
        this.emitted = emitted;
        this.skipped = skipped;
    }

    /**
     * Whether {@code data} comes after what was emitted. The fetch side already guarantees it;
     * this is the last line against a duplicate.
     */
    public boolean isNew(MarketData data) {
        return switch (split.stream()) {
            case KLINES -> ((Candle) data).openTime() >= position;
            case FUNDING -> data.eventTime() > position;
            case DEPTH, LIQUIDATIONS -> true; // samples: two at one millisecond are both real
        };
    }

    /** Counts a record not emitted again: the cursor is past it. */
    public void skipped() {
        skipped.inc();
    }

    public void emitted(MarketData data) {
        switch (split.stream()) {
            case KLINES -> position = ((Candle) data).openTime() + MINUTE;
            case FUNDING -> {
                position = data.eventTime();
                previous = data.eventTime();
            }
            case DEPTH, LIQUIDATIONS -> position = Math.max(position, data.eventTime());
        }
        emitted.inc();
    }

    public ExchangeSplit toSplit() {
        return split.at(position, previous);
    }
}
