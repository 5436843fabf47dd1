package io.regimeflow.connectors.exchange.universe;

import org.apache.flink.api.connector.source.SourceEvent;

/**
 * From the enumerator to the reader that owns a symbol's splits: the symbol left the universe
 * (its splits stop polling and go idle, keeping their cursors), or came back (they poll again
 * from their cursors). Sent when it happens and again whenever that reader registers, since a
 * reader restored from a checkpoint does not remember it.
 *
 * @param symbol {@code BASE/QUOTE}
 * @param retiredBecause why it left ("status BREAK", "no longer listed", ...); null: it is back
 */
public record UniverseEvent(String symbol, String retiredBecause) implements SourceEvent {
    private static final long serialVersionUID = 1L;

    public boolean retired() {
        return retiredBecause != null;
    }
}
