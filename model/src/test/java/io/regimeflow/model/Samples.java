package io.regimeflow.model;

import java.math.BigDecimal;

/** One realistic instance of each model record, shared by the model tests. */
final class Samples {
    private Samples() {}

    static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    static Candle candle() {
        // The recorded Binance.US BTCUSDT row of 2024-03-13 (shared/data/binanceus-recorded), as
        // 1m.
        return new Candle("BTC/USDT", 1710291600000L, d("71414.35000000"), d("71587.66000000"),
                d("71280.09000000"), d("71498.40000000"), d("0.23603000"), d("16857.1037148"),
                41, d("0.11840000"), d("8460.7218563"));
    }

    static OrderBook book() {
        return new OrderBook("ETH/USDT", 1710291659999L,
                new PriceLevel[] {new PriceLevel(d("3950.10"), d("1.5")),
                    new PriceLevel(d("3950.00"), d("0.2"))},
                new PriceLevel[] {new PriceLevel(d("3950.50"), d("2.25"))});
    }

    static FundingSettlement funding() {
        return new FundingSettlement("BTC/USDT", "binance-usdm", 1710288000000L, d("0.00010000"),
                8, d("71400.12"));
    }

    static Liquidation liquidation() {
        return new Liquidation("SOL/USDT", "binance-usdm", 1710291612345L, OrderSide.SELL,
                d("148.10"), d("148.25"), d("12.5"));
    }

    static BuiltCandle builtCandle() {
        return new BuiltCandle("BTC/USDT", Timeframe.H4, 1710288000000L, 1710302399999L,
                d("71000"), d("71600"), d("70900"), d("71500"), d("12.5"), d("890000.25"), 1234,
                d("6.1"), d("440000.5"), 239, false);
    }

    static FeatureSnapshot snapshot() {
        CascadeFeatures cascades = new CascadeFeatures(1710291600000L, 2_500_000, 1_500_000,
                1_000_000, 10_000_000, 5, Dominance.BALANCED, 42, new double[] {45000, 44500},
                new double[] {47000, 47500});
        FundingFeatures funding = new FundingFeatures(1710288000000L, "binance-usdm", 0.001, 8,
                0.000125, 2.8, true, FundingLevel.HIGH, 0.65, 0.72);
        VolatilityFeatures vol = new VolatilityFeatures(1710291599999L,
                VolatilityRegime.HIGH_VOL, 0.032, 0.015, 2.13, 0.78, Predictability.HIGH, 1.2,
                VolatilityRegime.HIGH_VOL);
        RegimeFeatures regimes = new RegimeFeatures(1710291599999L, TrendRegime.SPOT_IGNITION,
                TrendRegime.SPOT_IGNITION, TrendRegime.SPOT_COOLING, null,
                TrendRegime.SPOT_IGNITION, 2.0 / 3, 2, 3);
        CorrelationFeatures corr = new CorrelationFeatures(1710291599999L,
                new PairCorrelation[] {new PairCorrelation("BTC/USDT~ETH/USDT", "BTC/USDT",
                    "ETH/USDT", 0.15, 0.87, true, 0.83, BreakSeverity.HIGH, 8, "BTC/USDT")},
                "BTC/USDT", new String[] {"ETH/USDT"});
        return new FeatureSnapshot(1710291600000L, "BTC/USDT", cascades, funding, vol, regimes,
                corr);
    }

    static MarketEvent event() {
        return new MarketEvent("LIQUIDATION_CASCADE:BTC/USDT:1710291600000",
                EventType.LIQUIDATION_CASCADE, "BTC/USDT", Severity.CRITICAL,
                "BTC/USDT liquidation cascade", "2.5M USD liquidated in 15 minutes",
                1710291600000L, "{\"severity\":5,\"total_liquidation_usd\":2500000.0}");
    }
}
