package io.regimeflow.connectors.binance;

import java.util.List;

/**
 * One split's way of getting its records from the exchange. The split reader asks the feed that
 * is due next to poll; a feed never throws for what the exchange does (errors, bans, bad bodies):
 * it logs, counts, and schedules its next attempt.
 */
abstract class Feed {

    final BinanceSplit split;
    long nextPollAt;
    boolean finished;

    Feed(BinanceSplit split) {
        this.split = split;
    }

    String splitId() {
        return split.splitId();
    }

    /** The host it asks, or null for a pushed stream that is never polled. */
    abstract HostGate gate();

    /** The request weight of one poll. */
    abstract int weight();

    /**
     * Asks the exchange for what is new at wall time {@code now}; sets {@link #nextPollAt} and
     * {@link #finished}.
     */
    abstract List<FeedElement> poll(long now) throws InterruptedException;
}
