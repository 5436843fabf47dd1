package io.regimeflow.connectors.exchange.reader;

import io.regimeflow.connectors.exchange.split.ExchangeSplit;
import io.regimeflow.connectors.exchange.universe.LiveEdge;
import io.regimeflow.connectors.exchange.universe.UniverseEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The symbols of a reader that have left the universe, as its enumerator says ({@link
 * UniverseEvent}): written by the reader's main thread, read by its fetch thread, which is woken
 * to act on a change (stop or resume the symbol's feeds, {@link #act}).
 */
final class SymbolRetirements {
    private final Map<String, String> retired = new ConcurrentHashMap<>();
    private final Queue<UniverseEvent> changes = new ConcurrentLinkedQueue<>();
    private volatile Runnable wake = () -> { };
    /** The split ids of each symbol, to say their idleness when it is retired (fetch thread). */
    private final Map<String, Set<String>> splitIdsBySymbol = new HashMap<>();

    void onChange(Runnable r) {
        wake = r;
    }

    void apply(UniverseEvent e) {
        if (e.retired()) {
            retired.put(e.symbol(), e.retiredBecause());
        } else {
            retired.remove(e.symbol());
        }
        changes.add(e);
        wake.run();
    }

    boolean isRetired(String symbol) {
        return retired.containsKey(symbol);
    }

    /** A split of the reader's, on the fetch thread. */
    void track(ExchangeSplit split) {
        splitIdsBySymbol.computeIfAbsent(split.symbol(), k -> new HashSet<>())
                .add(split.splitId());
    }

    /**
     * Acts on the changes, on the fetch thread: a retired symbol's splits go idle (its feeds are
     * skipped from now on, their cursors kept); one that is back has its feeds polled at once,
     * from their cursors, its candles from no earlier than the hour it came back in ({@link
     * LiveEdge}: the minutes it missed before are behind the job's watermark, late).
     */
    void act(Map<String, Feed> feeds, Map<String, Collection<FeedElement>> out, long now) {
        for (UniverseEvent e : drain()) {
            Set<String> ids = splitIdsBySymbol.getOrDefault(e.symbol(), Set.of());
            if (e.retired()) {
                ids.forEach(id -> out.computeIfAbsent(id, k -> new ArrayList<>())
                        .add(FeedElement.idleness()));
                continue;
            }
            for (String id : ids) {
                Feed f = feeds.get(id);
                if (f instanceof KlineFeed k) {
                    k.skipTo(LiveEdge.firstMinute(now, Long.MIN_VALUE));
                }
                if (f != null) {
                    f.nextPollAt = now;
                }
            }
        }
    }

    /** The changes not yet acted on, oldest first. */
    List<UniverseEvent> drain() {
        List<UniverseEvent> out = new ArrayList<>();
        for (UniverseEvent e = changes.poll(); e != null; e = changes.poll()) {
            out.add(e);
        }
        return out;
    }
}
