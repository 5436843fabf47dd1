package io.regimeflow.connectors.exchange.spot;

import io.regimeflow.model.Candle;
import io.regimeflow.model.OrderBook;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.annotation.Internal;

/**
 * What the spot streams delivered for one symbol and not yet taken: its closed klines in the
 * order received, and its latest book (a book is a sample of the present: an older one not
 * taken is of no use). Filled by the socket's threads, emptied by the fetch thread.
 */
@Internal
public final class SymbolInbox {
    private final Queue<Candle> klines = new ConcurrentLinkedQueue<>();
    private final AtomicReference<OrderBook> book = new AtomicReference<>();
    private final SpotStreams streams;
    private volatile SpotStreamConnection connection;

    SymbolInbox(SpotStreams streams) {
        this.streams = streams;
    }

    void carriedBy(SpotStreamConnection c) {
        connection = c;
    }

    void received(Candle c) {
        klines.add(c);
    }

    void received(OrderBook b) {
        book.set(b);
    }

    /** The next kline received, or null. */
    public Candle nextKline() {
        return klines.poll();
    }

    /** The latest book received since the last call, or null. */
    public OrderBook takeBook() {
        return book.getAndSet(null);
    }

    /** Whether the exchange refuses the streams (REST is used instead). */
    public boolean refused() {
        return streams.refused();
    }

    /**
     * Whether books must come by REST: the streams are refused, or the symbol's connection has
     * been down longer than {@link SpotStreams#BOOKS_BY_REST_AFTER_MS}.
     */
    public boolean booksByRest() {
        SpotStreamConnection c = connection;
        return streams.refused() || c == null || c.downLongerThan(
                SpotStreams.BOOKS_BY_REST_AFTER_MS);
    }
}
