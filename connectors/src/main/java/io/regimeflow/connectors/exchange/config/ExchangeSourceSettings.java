package io.regimeflow.connectors.exchange.config;

import io.regimeflow.connectors.exchange.derivatives.DerivativesVenue;
import io.regimeflow.connectors.exchange.http.ExchangeUnreachableException;
import io.regimeflow.connectors.exchange.split.ExchangeStream;
import java.io.Serializable;
import java.net.URI;
import java.util.List;

/**
 * Everything the Binance source needs, immutable and serializable (it travels with the job graph).
 *
 * @param spotUrl Binance.US REST base URL, e.g. https://api.binance.us
 * @param venue the derivatives venue funding and liquidations come from
 * @param futuresUrl the venue's REST base URL, e.g. https://fapi.binance.com
 * @param futuresWebsocketUrl the venue's websocket base URL, e.g. wss://fstream.binance.com
 * @param startMs open time of the first 1m candle
 * @param endMs exclusive end: set, a bounded run of history (no depth, no liquidations); null,
 *     backfill and then follow the market
 * @param fundingStartMs first funding settlement time asked for
 * @param pollDelayMs how long after a minute closes its candle is asked for (the exchange needs a
 *     moment to close it); also the spacing of attempts to fill a hole
 * @param depthIntervalMs an order-book snapshot every this often, once the candles are live
 * @param fundingPollMs how often new settlements are looked for
 * @param weightShare the share of each host's weight limit this job may use, split between readers
 * @param giveUpAfterMs a bounded run whose host has given no answer at all (no HTTP status) this
 *     long fails, and is not restarted ({@link ExchangeUnreachableException}); a live run keeps
 *     asking
 * @param gapRetries how many times a hole in the candles is asked for again before it is taken as
 *     a real gap of the exchange
 * @param quietAfterMs a symbol without a new candle this long, while the exchange answers, stops
 *     holding back the watermark (idleness)
 */
public record ExchangeSourceSettings(
        List<String> symbols,
        URI spotUrl,
        DerivativesVenue venue,
        URI futuresUrl,
        URI futuresWebsocketUrl,
        long startMs,
        Long endMs,
        long fundingStartMs,
        long pollDelayMs,
        long depthIntervalMs,
        int depthLimit,
        long fundingPollMs,
        int spotWeightLimit,
        int futuresWeightLimit,
        double weightShare,
        long requestTimeoutMs,
        long giveUpAfterMs,
        int gapRetries,
        long quietAfterMs,
        boolean depth,
        boolean funding,
        boolean liquidations)
        implements Serializable {

    public ExchangeSourceSettings {
        symbols = List.copyOf(symbols);
    }

    public boolean bounded() {
        return endMs != null;
    }

    /** The streams this run reads: history only for a bounded run. */
    public List<ExchangeStream> streams() {
        List<ExchangeStream> s = new java.util.ArrayList<>();
        s.add(ExchangeStream.KLINES);
        if (funding) {
            s.add(ExchangeStream.FUNDING);
        }
        if (!bounded() && depth) {
            s.add(ExchangeStream.DEPTH);
        }
        if (!bounded() && liquidations && venue.offersLiquidations()) {
            s.add(ExchangeStream.LIQUIDATIONS);
        }
        return s;
    }
}
