package io.regimeflow.model;

import java.math.BigDecimal;

/**
 * One forced liquidation order on the perpetual of a spot symbol (spec §0).
 *
 * @param time UTC epoch milliseconds of the trade
 * @param side the forced order's side in Binance's convention (SELL liquidates a long)
 * @param price the order price
 * @param avgPrice the average fill price, 0 where the venue does not report it
 * @param qty the filled quantity in the base asset
 */
public record Liquidation(
        String symbol,
        String venue,
        long time,
        OrderSide side,
        BigDecimal price,
        BigDecimal avgPrice,
        BigDecimal qty)
        implements MarketData {

    @Override
    public long eventTime() {
        return time;
    }

    /** Notional in USD: avgPrice x qty, or price x qty where avgPrice is 0 (spec §0). */
    public BigDecimal notionalUsd() {
        BigDecimal fill = avgPrice == null || avgPrice.signum() == 0 ? price : avgPrice;
        return fill.multiply(qty);
    }

    /** The position this order liquidated. */
    public PositionSide liquidatedPosition() {
        return side.liquidatedPosition();
    }
}
