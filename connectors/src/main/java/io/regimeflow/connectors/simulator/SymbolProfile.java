package io.regimeflow.connectors.simulator;

import java.io.Serializable;

/**
 * How one simulated market behaves: its price level, daily volatility, tick and lot size, how
 * strongly it follows the market factor, and its liquidity. Known symbols get realistic values;
 * any other symbol gets a stable profile derived from its name.
 *
 * @param priceScale decimal places of prices (the tick)
 * @param qtyScale decimal places of quantities (the lot)
 * @param beta loading on the market factor; pairwise correlation is about beta_a x beta_b
 * @param minuteVolume average base volume per minute
 * @param liquidationScale multiplier of liquidation notionals (deeper futures markets liquidate
 * more)
 */
record SymbolProfile(
        double startPrice,
        double dailyVolatility,
        int priceScale,
        int qtyScale,
        double beta,
        double minuteVolume,
        double liquidationScale)
        implements Serializable {

    static SymbolProfile of(String symbol) {
        String base = symbol.substring(0, symbol.indexOf('/'));
        switch (base) {
            case "BTC":
                return new SymbolProfile(42_000, 0.025, 2, 5, 0.9, 4.0, 3.0);
            case "ETH":
                return new SymbolProfile(2_300, 0.032, 2, 4, 0.85, 60, 2.0);
            case "SOL":
                return new SymbolProfile(100, 0.045, 2, 2, 0.75, 900, 1.0);
            default:
                long h = DeterministicRandom.mix(symbol.hashCode());
                double price = 0.5 + (Math.floorMod(h, 50_000)) / 100.0;
                return new SymbolProfile(price, 0.05, 4, 1, 0.6, 150_000 / price, 0.5);
        }
    }
}
