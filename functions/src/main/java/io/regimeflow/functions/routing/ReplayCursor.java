package io.regimeflow.functions.routing;

import io.regimeflow.model.Candle;
import io.regimeflow.model.FundingSettlement;
import io.regimeflow.model.Liquidation;
import io.regimeflow.model.MarketData;
import io.regimeflow.model.OrderBook;
import java.util.List;

/**
 * How far one symbol's input has come, per kind of record: the event time of the last candle,
 * order book, funding settlement and liquidation let through. An input delivered at least once
 * (a Kafka topic whose producer resent after a failure) repeats a stretch it already delivered;
 * a record at or before its kind's cursor is such a repeat. Liquidations are the exception: several
 * can share a millisecond, so one at the cursor's time is a repeat only when an identical one was
 * already let through at that time.
 *
 * <p>A mutable Flink POJO (public fields, no-arg constructor): it is keyed state.
 */
public final class ReplayCursor {
    public long candle = Long.MIN_VALUE;
    public long book = Long.MIN_VALUE;
    public long funding = Long.MIN_VALUE;
    public long liquidation = Long.MIN_VALUE;

    public ReplayCursor() {}

    /**
     * Whether {@code data} repeats what was let through.
     *
     * @param liquidationsAtCursor the liquidations let through at time {@link #liquidation}
     */
    public boolean isRepeat(MarketData data, List<Liquidation> liquidationsAtCursor) {
        long t = data.eventTime();
        if (data instanceof Liquidation l) {
            return t < liquidation || (t == liquidation && liquidationsAtCursor.contains(l));
        }
        return t <= cursorOf(data);
    }

    /**
     * Moves the cursor past {@code data}, which is not a repeat.
     *
     * @return true when it is a liquidation at the cursor's time (to be added to those at the
     *     cursor), false when the liquidations at the cursor are to be replaced by it alone or,
     *     for other kinds, are unchanged
     */
    public boolean advance(MarketData data) {
        long t = data.eventTime();
        if (data instanceof Candle) {
            candle = t;
        } else if (data instanceof OrderBook) {
            book = t;
        } else if (data instanceof FundingSettlement) {
            funding = t;
        } else {
            boolean same = t == liquidation;
            liquidation = t;
            return same;
        }
        return false;
    }

    private long cursorOf(MarketData data) {
        if (data instanceof Candle) {
            return candle;
        }
        if (data instanceof OrderBook) {
            return book;
        }
        return funding;
    }
}
