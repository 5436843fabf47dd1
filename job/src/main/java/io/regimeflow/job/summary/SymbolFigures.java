package io.regimeflow.job.summary;

import java.util.TreeSet;
import java.util.SortedSet;

/**
 * What one symbol's streams did over a run, summed over its subtasks (and over the attempts of a
 * restarted task): counts of records, never of requests, except for {@code refused}.
 */
public final class SymbolFigures {
    /** 1m candles emitted by the source. */
    long candles;
    /** Funding settlements emitted by the source. */
    long settlements;
    /** Minutes the exchange did not have after every repair attempt (the kline feed's count). */
    long gapMinutes;
    /** Rows left out because they were not a whole minute. */
    long irregularRows;
    /** Rows the exchange sent twice, dropped. */
    long duplicateRows;
    /** Records that arrived after the watermark had passed their period, left out of it. */
    long lateRecords;
    /** The streams the exchange refused (an unknown symbol, a refused region), e.g. "funding". */
    final SortedSet<String> refused = new TreeSet<>();

    public long candles() {
        return candles;
    }

    public long settlements() {
        return settlements;
    }

    public long gapMinutes() {
        return gapMinutes;
    }

    public long irregularRows() {
        return irregularRows;
    }

    public long duplicateRows() {
        return duplicateRows;
    }

    public long lateRecords() {
        return lateRecords;
    }

    public SortedSet<String> refused() {
        return refused;
    }
}
