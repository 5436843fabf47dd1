package io.regimeflow.connectors.binance;

/** The four Binance streams of a symbol; each is a split of its own. */
public enum BinanceStream {
    /** Binance.US spot {@code /api/v3/klines}, 1m: backfill, then each minute as it closes. */
    KLINES("klines"),
    /** Binance.US spot {@code /api/v3/depth}: a snapshot of the present book at an interval. */
    DEPTH("depth"),
    /** USD-M futures {@code /fapi/v1/fundingRate}: history, then each settlement. */
    FUNDING("funding"),
    /** USD-M futures websocket {@code <symbol>@forceOrder}: pushed as they happen. */
    LIQUIDATIONS("liquidations");

    private final String id;

    BinanceStream(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
