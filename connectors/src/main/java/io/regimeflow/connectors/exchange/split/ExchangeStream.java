package io.regimeflow.connectors.exchange.split;

/**
 * The four streams of a symbol, each a split of its own: two of the spot exchange (Binance.US),
 * two of the configured derivatives venue. Their ids are in split ids ({@code klines-BTC/USDT})
 * and in the serialized splits of savepoints: they never change.
 */
public enum ExchangeStream {
    /** Binance.US spot {@code /api/v3/klines}, 1m: backfill, then each minute as it closes. */
    KLINES("klines"),
    /** Binance.US spot {@code /api/v3/depth}: a snapshot of the present book at an interval. */
    DEPTH("depth"),
    /** The derivatives venue's funding settlements of the perpetual: history, then each. */
    FUNDING("funding"),
    /** The derivatives venue's liquidations of the perpetual, pushed over a websocket. */
    LIQUIDATIONS("liquidations");

    private final String id;

    ExchangeStream(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
