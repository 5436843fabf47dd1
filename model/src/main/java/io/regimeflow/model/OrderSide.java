package io.regimeflow.model;

/**
 * The side of a forced (liquidation) order, in Binance's convention: a {@code SELL} closes a long
 * position, a {@code BUY} closes a short. Venues with the opposite convention are mapped to this
 * one at the connector.
 */
public enum OrderSide {
    BUY,
    SELL;

    /** The position that the forced order liquidated. */
    public PositionSide liquidatedPosition() {
        return this == SELL ? PositionSide.LONG : PositionSide.SHORT;
    }
}
