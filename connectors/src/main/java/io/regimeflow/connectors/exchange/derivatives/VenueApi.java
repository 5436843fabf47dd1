package io.regimeflow.connectors.exchange.derivatives;

import io.regimeflow.connectors.exchange.http.ExchangeResponseException;
import io.regimeflow.connectors.exchange.http.HttpDialect;
import io.regimeflow.connectors.exchange.http.RestRequest;
import io.regimeflow.model.Liquidation;
import java.math.BigDecimal;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.flink.annotation.Internal;

/**
 * One derivatives venue's public API for what regimeflow reads of it: funding settlements of the
 * perpetual matching a spot symbol (history, then new ones) and, where the venue publishes them,
 * liquidations pushed over a websocket. Everything venue-specific lives behind this: symbol
 * mapping, request shapes and paging, response layouts, side conventions, error conventions.
 */
@Internal
public interface VenueApi extends HttpDialect {

    /** A funding settlement as the venue reported it, before the interval is known. */
    record FundingRow(long time, BigDecimal rate, BigDecimal markPrice) {}

    /**
     * A perpetual the venue lists as trading.
     *
     * @param name its name in requests and messages: {@code 1000SHIBUSDT}, {@code kSHIB}
     * @param base its base asset as the venue writes it: {@code 1000SHIB}, {@code SHIB1000},
     *     {@code kSHIB}, {@code SHIB}
     * @param quote the quote (settlement) asset, {@code USDT}; null where the venue names none
     *     (Hyperliquid settles everything in USDC)
     * @param contractSize base units per unit of the venue's quantities (OKX's {@code ctVal})
     */
    record ListedPerpetual(String name, String base, String quote, BigDecimal contractSize) {}

    /** One answer of the perpetuals list, and the cursor of the next page (null: the last). */
    record PerpetualPage(List<ListedPerpetual> perpetuals, String nextCursor) {}

    /** The venue's name in records and settings: {@code binance-usdm}, {@code bybit}, ... */
    String id();

    URI defaultRestUrl();

    URI defaultWebsocketUrl();

    /** Request weight per minute per IP the venue allows. */
    int defaultWeightLimit();

    /**
     * The name of a plain perpetual of a spot symbol {@code BASE/QUOTE} ({@code BTCUSDT}); what
     * a symbol reads when the venue's list of perpetuals cannot be had.
     */
    String perpetual(String symbol);

    /**
     * The request for the venue's list of perpetuals, or its page after {@code cursor} (null:
     * the first page).
     */
    RestRequest perpetualsRequest(String cursor);

    /**
     * The trading perpetuals in an answer to {@link #perpetualsRequest}.
     *
     * @throws ExchangeResponseException MALFORMED for an answer that is not the venue's layout
     */
    PerpetualPage perpetuals(String body) throws ExchangeResponseException;

    /** Whether its liquidations count contracts, whose size only its list says (OKX). */
    default boolean countsContracts() {
        return false;
    }

    /** Most settlements one funding request returns. */
    int fundingLimit();

    /**
     * Newest-first venues answer the newest settlements of a range, so history is read a window
     * at a time, each shorter than {@link #fundingLimit()} settlements at the shortest (1h)
     * interval; 0 for venues that page forward from a start time.
     */
    default long fundingWindowMs() {
        return 0;
    }

    /**
     * The request for the settlements after {@code afterMs} and before {@code beforeMs}
     * (0: no upper bound).
     */
    RestRequest fundingRequest(String perpetual, long afterMs, long beforeMs);

    /**
     * The settlements in an answer, oldest first, identical duplicates dropped.
     *
     * @throws ExchangeResponseException MALFORMED for an answer that is not the venue's layout, a
     *     row of another perpetual, or two different rows for one settlement
     */
    List<FundingRow> fundingRows(String body, String perpetual) throws ExchangeResponseException;

    /**
     * The funding interval of a settlement, given the one before it ({@code -1}: none). By
     * default the whole hours between them, 1 to 8: history rarely carries the interval, and it
     * changes (8h to 4h in volatile markets).
     */
    default int intervalHours(long previous, long time) {
        if (previous < 0) {
            return 8;
        }
        long hours = Math.round((time - previous) / 3_600_000.0);
        return (int) Math.max(1, Math.min(8, hours));
    }

    /** Whether the venue publishes every liquidation on a public stream. */
    default boolean offersLiquidations() {
        return true;
    }

    /**
     * The websocket to open for the liquidations of {@code perpetuals}: the base itself where
     * they are asked for by {@link #subscriptions} messages.
     */
    default URI liquidationUri(URI base, Collection<String> perpetuals) {
        return base;
    }

    /** Messages to send once connected (subscriptions). */
    default List<String> subscriptions(Collection<String> perpetuals) {
        return List.of();
    }

    /**
     * A text the venue wants as a keep-alive, sent every {@link #keepAliveMs()}, or null where
     * websocket pings suffice.
     */
    default String keepAlive() {
        return null;
    }

    default long keepAliveMs() {
        return 20_000;
    }

    /** The venue's refusal of a subscription in {@code message}, or null. */
    default String subscriptionError(String message) {
        return null;
    }

    /**
     * The perpetual whose topic a refusal names (Bybit: "topic:allLiquidation.NOPEUSDT"), or
     * null when it names none: then the whole subscription is refused.
     */
    default String refusedPerpetual(String message) {
        return null;
    }

    /** Whether {@code message} confirms a subscription (venues that subscribe by message). */
    default boolean subscriptionConfirmed(String message) {
        return false;
    }

    /**
     * The liquidations in a pushed message, in the model's convention (the forced order's side:
     * SELL liquidates a long) and in the spot pair's units (price per coin, quantity in coins:
     * {@link SpotPerpetual#liquidation}); empty for other messages (subscription answers, pongs).
     *
     * @param perpetuals the subscribed perpetuals by name
     * @throws ExchangeResponseException MALFORMED for a liquidation that cannot be read
     */
    List<Liquidation> liquidations(String message, Map<String, SpotPerpetual> perpetuals)
            throws ExchangeResponseException;
}
