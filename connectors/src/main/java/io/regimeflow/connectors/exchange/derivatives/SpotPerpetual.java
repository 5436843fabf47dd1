package io.regimeflow.connectors.exchange.derivatives;

import io.regimeflow.model.Liquidation;
import io.regimeflow.model.OrderSide;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * A configured spot symbol's perpetual on the derivatives venue, and how the perpetual's numbers
 * become the spot pair's. A {@code 1000SHIBUSDT} price is the price of 1000 SHIB and its
 * quantities count thousands of SHIB ({@code multiplier} 1000); OKX counts contracts of
 * {@code ctVal} coins ({@code contractSize}). Funding rates are a fraction of the position and
 * need neither.
 *
 * @param symbol the spot pair, {@code SHIB/USDT}
 * @param name the venue's perpetual: {@code 1000SHIBUSDT}, {@code SHIB1000USDT}, {@code kSHIB},
 *     {@code SHIB-USDT-SWAP}
 * @param multiplier coins of the spot pair's base per unit of the perpetual's base (1000 for
 *     {@code 1000SHIB}, 1 for a plain name)
 * @param contractSize units of the perpetual's base per unit of the venue's quantities (OKX's
 *     {@code ctVal}; 1 elsewhere), or null where not known: its liquidations cannot be read
 */
public record SpotPerpetual(String symbol, String name, BigDecimal multiplier,
        BigDecimal contractSize) {

    /** A perpetual whose numbers are the spot pair's already. */
    static SpotPerpetual plain(String symbol, String name) {
        return new SpotPerpetual(symbol, name, BigDecimal.ONE, BigDecimal.ONE);
    }

    /** Whether its price or quantity differ from the spot pair's units. */
    boolean scaled() {
        return multiplier.compareTo(BigDecimal.ONE) != 0;
    }

    /**
     * A liquidation of this perpetual, as the venue reported it, in the spot pair's units:
     * prices per coin, quantity in coins (the notional is unchanged).
     *
     * @param price the venue's price of one unit of the perpetual's base
     * @param qty in the venue's units (contracts on OKX)
     */
    Liquidation liquidation(String venue, long time, OrderSide side, BigDecimal price,
            BigDecimal avgPrice, BigDecimal qty) {
        return new Liquidation(symbol, venue, time, side, perCoin(price), perCoin(avgPrice),
                plain(qty.multiply(contractSize).multiply(multiplier)));
    }

    /** The same liquidation in the spot pair's units. */
    Liquidation inSpotUnits(Liquidation l) {
        return liquidation(l.venue(), l.time(), l.side(), l.price(), l.avgPrice(), l.qty());
    }

    /**
     * A price the venue quotes for one unit of the perpetual's base (a mark price of
     * {@code 1000SHIBUSDT} is that of 1000 SHIB), per coin of the spot pair; null stays null.
     */
    public BigDecimal pricePerCoin(BigDecimal price) {
        return price == null ? null : perCoin(price);
    }

    private BigDecimal perCoin(BigDecimal price) {
        // Multipliers are powers of ten: the quotient is exact.
        return multiplier.compareTo(BigDecimal.ONE) == 0 || price.signum() == 0 ? price
                : plain(price.divide(multiplier, MathContext.DECIMAL128));
    }

    /** No exponent in what is written out ({@code 2.1735E+7}): a whole number at scale 0. */
    private static BigDecimal plain(BigDecimal v) {
        return v.scale() < 0 ? v.setScale(0) : v;
    }
}
