package io.regimeflow.connectors.exchange.reader;

import io.regimeflow.connectors.exchange.config.ExchangeSourceSettings;
import io.regimeflow.connectors.exchange.http.ExchangeResponseException;
import io.regimeflow.connectors.exchange.http.HostGate;
import io.regimeflow.connectors.exchange.split.ExchangeSplit;
import io.regimeflow.connectors.exchange.spot.BinanceDepth;
import io.regimeflow.connectors.exchange.spot.SymbolInbox;
import io.regimeflow.model.OrderBook;
import io.regimeflow.model.Symbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import org.apache.flink.metrics.MetricGroup;

/**
 * Order-book snapshots from {@code GET /api/v3/depth} at an interval, once the symbol's candles
 * are live (a book of the present says nothing about the minutes of a backfill). A book is a
 * sample of the present, so the split is idle: it never holds back the watermark. With the spot
 * streams the book is the socket's latest partial book instead (no weight), taken at the same
 * interval; REST only while the streams are refused or the symbol's connection has been down
 * long ({@link SymbolInbox#booksByRest}).
 */
final class DepthFeed extends Feed {

    static final String PATH = "/api/v3/depth";
    /** Binance's weight for a book of up to 100 levels (Binance.US charges less). */
    static final int WEIGHT = 5;
    private final LongPredicate candlesLive;
    /** The socket's books of the symbol; null when polling REST only. */
    private final SymbolInbox socket;

    DepthFeed(ExchangeSplit split, HostGate gate, ExchangeSourceSettings settings,
            LongPredicate candlesLive, SymbolInbox socket, MetricGroup metrics, long now) {
        super(split, gate, settings, metrics, now);
        this.candlesLive = candlesLive;
        this.socket = socket;
    }

    private boolean fromSocket() {
        return socket != null && !socket.booksByRest();
    }

    @Override
    int weight() {
        return fromSocket() ? 0 : WEIGHT;
    }

    @Override
    List<FeedElement> poll(long now) throws InterruptedException {
        List<FeedElement> out = new ArrayList<>();
        if (!candlesLive.test(now)) {
            nextPollAt = now + settings.depthInterval().toMillis();
            return out;
        }
        if (fromSocket()) {
            OrderBook book = socket.takeBook();
            if (book != null) {
                out.add(FeedElement.of(book));
            }
            // None yet (just connected, or down a short while): a book is a sample, none lost.
            nextPollAt = now + (book != null ? settings.depthInterval().toMillis()
                    : Math.min(1_000, settings.depthInterval().toMillis()));
            return out;
        }
        try {
            out.add(FeedElement.of(gate.fetch(PATH, Map.of("symbol",
                    Symbols.toExchangeSymbol(split.symbol()), "limit",
                    Integer.toString(settings.depthLimit())), WEIGHT,
                    r -> BinanceDepth.book(r.body(), split.symbol(), now), reads)));
            nextPollAt = now + settings.depthInterval().toMillis();
        } catch (ExchangeResponseException e) {
            failed(e, now, "no order book for " + split.symbol());
            if (e.retryable()) {
                nextPollAt = Math.max(nextPollAt, now + settings.depthInterval().toMillis());
            }
        }
        return out;
    }
}
