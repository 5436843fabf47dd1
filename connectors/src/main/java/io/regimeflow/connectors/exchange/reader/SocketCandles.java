package io.regimeflow.connectors.exchange.reader;

import io.regimeflow.connectors.exchange.spot.SymbolInbox;
import io.regimeflow.model.Candle;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * A symbol's closed klines from the spot stream, put in order against the split's position: a
 * kline at or before the last emitted minute is dropped and counted ({@code socketKlinesDropped}:
 * REST had it first, or the socket repeated it), one beyond the next minute waits until REST has
 * repaired the minutes before it. Used by the fetch thread only.
 */
final class SocketCandles {
    private static final long MINUTE = 60_000L;

    private final SymbolInbox inbox;
    private final TreeMap<Long, Candle> waiting = new TreeMap<>();
    private final Counter dropped;
    private final Counter repaired;

    SocketCandles(SymbolInbox inbox, MetricGroup metrics) {
        this.inbox = inbox;
        this.dropped = metrics.counter("socketKlinesDropped");
        this.repaired = metrics.counter("repairedMinutes");
    }

    /** Whether the exchange refuses the streams (the feed polls REST as before). */
    boolean refused() {
        return inbox.refused();
    }

    /**
     * The klines received that continue the candles from {@code next} (the open time of the
     * minute to emit next), in order; those before it are dropped.
     */
    List<Candle> take(long next) {
        for (Candle c = inbox.nextKline(); c != null; c = inbox.nextKline()) {
            if (c.openTime() < next || waiting.putIfAbsent(c.openTime(), c) != null) {
                dropped.inc();
            }
        }
        while (!waiting.isEmpty() && waiting.firstKey() < next) {
            waiting.pollFirstEntry();
            dropped.inc();
        }
        List<Candle> run = new ArrayList<>();
        long t = next;
        while (!waiting.isEmpty() && waiting.firstKey() == t) {
            run.add(waiting.pollFirstEntry().getValue());
            t += MINUTE;
        }
        return run;
    }

    /** The open time of the first kline waiting beyond {@code next}, or -1: a hole before it. */
    long firstBeyond(long next) {
        return waiting.isEmpty() || waiting.firstKey() <= next ? -1 : waiting.firstKey();
    }

    /** Minutes emitted from REST while the socket should have carried them. */
    void repaired(int minutes) {
        repaired.inc(minutes);
    }
}
