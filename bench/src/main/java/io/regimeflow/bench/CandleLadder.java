package io.regimeflow.bench;

import io.regimeflow.functions.candles.CandleAccumulator;
import io.regimeflow.model.BuiltCandle;
import io.regimeflow.model.Candle;
import io.regimeflow.model.Timeframe;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One symbol's open candle windows, one per timeframe: 1m candles fill the hour, and each window
 * that closes is folded into the next longer one, as the job's event-time windows do.
 */
final class CandleLadder {

    private static final long HOUR = 3_600_000L;
    private static final Timeframe[] TIMEFRAMES = Timeframe.values();

    private final String symbol;
    private final CandleAccumulator[] open = new CandleAccumulator[TIMEFRAMES.length];
    private final long[] windowStart = new long[TIMEFRAMES.length];

    CandleLadder(String symbol) {
        this.symbol = symbol;
    }

    /** Adds a 1m candle to the open hour. */
    void addMinute(Candle c) {
        long start = Timeframe.H1.windowStart(c.openTime());
        if (open[0] == null) {
            open[0] = new CandleAccumulator();
            windowStart[0] = start;
        }
        open[0].add(c);
    }

    /**
     * Closes the hour ending at {@code end} (ms, inclusive) and every longer window ending with
     * it; at the {@code last} hour, when the open hour does not end then, every open window.
     *
     * @return the candles closed, by close time, then timeframe
     */
    List<BuiltCandle> closeHour(long end, boolean last) {
        List<BuiltCandle> closed = new ArrayList<>();
        if (open[0] != null && windowStart[0] + HOUR - 1 == end) {
            close(0, closed);
        } else if (last) {
            for (int level = 0; level < TIMEFRAMES.length; level++) {
                if (open[level] != null) {
                    close(level, closed);
                }
            }
        }
        closed.sort(Comparator.comparingLong(BuiltCandle::closeTime)
                .thenComparing(BuiltCandle::interval));
        return closed;
    }

    /** Emits the window at {@code level} and folds it into the next longer one. */
    private void close(int level, List<BuiltCandle> closed) {
        BuiltCandle built = open[level].toBuiltCandle(symbol, TIMEFRAMES[level],
                windowStart[level]);
        open[level] = null;
        closed.add(built);
        int next = level + 1;
        if (next == TIMEFRAMES.length) {
            return;
        }
        long start = TIMEFRAMES[next].windowStart(built.openTime());
        if (open[next] != null && start != windowStart[next]) {
            close(next, closed);
        }
        if (open[next] == null) {
            open[next] = new CandleAccumulator();
            windowStart[next] = start;
        }
        open[next].add(built);
        // A longer window ends with this one: close it now, as its event-time window would.
        if (built.closeTime() == windowStart[next] + TIMEFRAMES[next].size().toMillis() - 1) {
            close(next, closed);
        }
    }
}
