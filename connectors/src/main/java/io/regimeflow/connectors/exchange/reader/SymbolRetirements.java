package io.regimeflow.connectors.exchange.reader;

import io.regimeflow.connectors.exchange.universe.UniverseEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The symbols of a reader that have left the universe, as its enumerator says ({@link
 * UniverseEvent}): written by the reader's main thread, read by its fetch thread, which is woken
 * to act on a change (stop or resume the symbol's feeds).
 */
final class SymbolRetirements {
    private final Map<String, String> retired = new ConcurrentHashMap<>();
    private final Queue<UniverseEvent> changes = new ConcurrentLinkedQueue<>();
    private volatile Runnable wake = () -> { };

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

    /** The changes not yet acted on, oldest first. */
    List<UniverseEvent> drain() {
        List<UniverseEvent> out = new ArrayList<>();
        for (UniverseEvent e = changes.poll(); e != null; e = changes.poll()) {
            out.add(e);
        }
        return out;
    }
}
