package io.regimeflow.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ModelRulesTest {

    private static long t(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @Test
    void weeksStartOnMondayAndFourHourWindowsOnTheUtcGrid() {
        // 2024-03-13 was a Wednesday.
        assertThat(Timeframe.W1.windowStart(t("2024-03-13T15:42:00Z")))
                .isEqualTo(t("2024-03-11T00:00:00Z"));
        assertThat(Timeframe.W1.windowStart(t("2024-03-11T00:00:00Z")))
                .isEqualTo(t("2024-03-11T00:00:00Z"));
        assertThat(Timeframe.W1.windowStart(t("2024-03-10T23:59:59.999Z")))
                .isEqualTo(t("2024-03-04T00:00:00Z"));
        assertThat(Timeframe.H4.windowStart(t("2024-03-13T23:59:00Z")))
                .isEqualTo(t("2024-03-13T20:00:00Z"));
        assertThat(Timeframe.D1.windowStart(t("2024-03-13T00:00:00Z")))
                .isEqualTo(t("2024-03-13T00:00:00Z"));
        assertThat(Timeframe.H1.minutes()).isEqualTo(60);
        assertThat(Timeframe.W1.minutes()).isEqualTo(10080);
    }

    @Test
    void aWindowClosesOnItsLastMillisecondAsBinanceKlinesDo() {
        assertThat(Timeframe.H1.closeTime(t("2024-03-13T15:42:00Z")))
                .isEqualTo(t("2024-03-13T15:59:59.999Z"));
        assertThat(Timeframe.H1.closeTime(t("2024-03-13T15:59:59.999Z")))
                .isEqualTo(t("2024-03-13T15:59:59.999Z"));
        assertThat(Timeframe.H1.closeTime(t("2024-03-13T16:00:00Z")))
                .isEqualTo(t("2024-03-13T16:59:59.999Z"));
        assertThat(Timeframe.H1.closeTime(t("1969-12-31T23:30:00Z"))) // before the epoch
                .isEqualTo(t("1969-12-31T23:59:59.999Z"));
        assertThat(Timeframe.W1.closeTime(t("2024-03-13T15:42:00Z")))
                .isEqualTo(t("2024-03-17T23:59:59.999Z"));
    }

    @Test
    void symbolsAreBaseSlashQuote() {
        assertThat(Symbols.toExchangeSymbol("BTC/USDT")).isEqualTo("BTCUSDT");
        assertThat(Symbols.isValid("1000PEPE/USDT")).isTrue();
        assertThat(Symbols.isValid("btc/usdt")).isFalse();
        assertThatThrownBy(() -> Symbols.requireValid("BTCUSDT"))
                .hasMessage("'BTCUSDT' has no '/'; expected BASE/QUOTE such as BTC/USDT");
    }

    @Test
    void liquidationSidesFollowBinancesConvention() {
        Liquidation sell = Samples.liquidation();
        assertThat(sell.liquidatedPosition()).isEqualTo(PositionSide.LONG);
        assertThat(OrderSide.BUY.liquidatedPosition()).isEqualTo(PositionSide.SHORT);
        assertThat(sell.notionalUsd()).isEqualByComparingTo("1853.125");
        Liquidation noAvg = new Liquidation("SOL/USDT", "binance-usdm", 1L, OrderSide.BUY,
                new BigDecimal("100"), BigDecimal.ZERO, new BigDecimal("2"));
        assertThat(noAvg.notionalUsd()).isEqualByComparingTo("200");
    }

    @Test
    void fundingIsPutOnAnHourlyScale() {
        assertThat(Samples.funding().hourlyRate()).isEqualTo(0.0001 / 8);
    }

    @Test
    void candleHighBelowLowIsInvalid() {
        Candle c = Samples.candle();
        Candle bad = new Candle(c.symbol(), c.openTime(), c.open(), c.low(), c.high(), c.close(),
                c.volume(), c.quoteVolume(), c.trades(), c.takerBuyBase(), c.takerBuyQuote());
        assertThat(MarketDataValidator.problem(bad)).startsWith("high 71280.09000000 is below low");
        assertThat(MarketDataValidator.problem(c)).isNull();
    }
}
