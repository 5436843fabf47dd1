package io.regimeflow.functions.cascade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.regimeflow.functions.common.RejectedInputException;
import io.regimeflow.model.CascadeFeatures;
import io.regimeflow.model.Dominance;
import io.regimeflow.model.OrderBook;
import io.regimeflow.model.PositionSide;
import io.regimeflow.model.PriceLevel;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CascadeCalculatorTest {

    static final long M = 60_000L;
    static final long T0 = 1_700_000_000_000L / M * M; // a minute boundary
    final CascadeSettings settings = CascadeSettings.defaults();
    final CascadeCalculator calc = new CascadeCalculator(settings);
    final Map<Long, MinuteBucket> buckets = new HashMap<>();

    void add(long time, PositionSide side, double usd) {
        CascadeCalculator.add(buckets.computeIfAbsent(CascadeCalculator.minuteOf(time),
                m -> new MinuteBucket()), side, usd);
    }

    CascadeCalculator.Result evaluate(CascadeState st, long windowEnd) {
        return calc.evaluate(st, windowEnd, buckets::get);
    }

    @Test
    void theWindowHoldsTheFifteenMinutesBeforeItsEnd() {
        CascadeState st = new CascadeState();
        add(T0 - 1, PositionSide.LONG, 999);          // before: out
        add(T0, PositionSide.LONG, 60_000);            // first minute: in
        add(T0 + 7 * M + 500, PositionSide.SHORT, 20_000);
        add(T0 + 15 * M - 1, PositionSide.LONG, 20_000); // last ms: in
        add(T0 + 15 * M, PositionSide.SHORT, 777);    // at the end: out
        CascadeFeatures f = evaluate(st, T0 + 15 * M).features();
        assertThat(f.totalLiquidationUsd()).isEqualTo(100_000);
        assertThat(f.longLiquidationsUsd()).isEqualTo(80_000);
        assertThat(f.shortLiquidationsUsd()).isEqualTo(20_000);
        assertThat(f.velocityUsdPerHour()).isEqualTo(400_000); // total / 0.25 h
        assertThat(f.severity()).isEqualTo(3);
        assertThat(f.dominance()).isEqualTo(Dominance.LONG); // 0.8
        assertThat(f.liquidationCount()).isEqualTo(3);
        assertThat(f.windowEnd()).isEqualTo(T0 + 15 * M);
        // A minute later the first minute has left the window.
        assertThat(evaluate(st, T0 + 16 * M).features().totalLiquidationUsd())
                .isEqualTo(40_777);
        // A liquidation an hour ahead waits in its own minute and changes nothing before it.
        add(T0 + 60 * M, PositionSide.LONG, 1_000_000);
        assertThat(evaluate(st, T0 + 16 * M).features().totalLiquidationUsd())
                .isEqualTo(40_777);
        assertThat(calc.hasLiquidations(T0 + 31 * M, buckets::get)).isFalse();
        assertThat(calc.hasLiquidations(T0 + 61 * M, buckets::get)).isTrue();
    }

    @Test
    void severityAndDominanceBoundariesBelongToTheHigherClass() {
        assertThat(calc.severity(99_999.99)).isEqualTo(1);
        assertThat(calc.severity(100_000)).isEqualTo(2);
        assertThat(calc.severity(400_000)).isEqualTo(3);
        assertThat(calc.severity(2_000_000)).isEqualTo(4);
        assertThat(calc.severity(10_000_000)).isEqualTo(5);
        assertThat(calc.dominance(65, 100)).isEqualTo(Dominance.LONG);
        assertThat(calc.dominance(64.99, 100)).isEqualTo(Dominance.BALANCED);
        assertThat(calc.dominance(35, 100)).isEqualTo(Dominance.SHORT);
        assertThat(calc.dominance(0, 0)).isEqualTo(Dominance.BALANCED);
    }

    @Test
    void alertsFireOnReachingSeverityThreeAgainOnlyWhenRisingOrAfterThirtyQuietMinutes() {
        CascadeState st = new CascadeState();
        // 150k in one minute: velocity 600k/h, severity 3.
        add(T0, PositionSide.LONG, 150_000);
        assertThat(evaluate(st, T0 + M).alert()).isTrue();
        assertThat(evaluate(st, T0 + 2 * M).alert()).isFalse(); // same severity
        add(T0 + 2 * M, PositionSide.LONG, 600_000); // 750k: 3M/h
        CascadeCalculator.Result rising = evaluate(st, T0 + 3 * M);
        assertThat(rising.features().severity()).isEqualTo(4);
        assertThat(rising.alert()).isTrue();
        // The last cascade window ends at T0 + 17m; 30 quiet minutes after it...
        assertThat(evaluate(st, T0 + 17 * M).alert()).isFalse();
        add(T0 + 40 * M, PositionSide.SHORT, 150_000);
        assertThat(evaluate(st, T0 + 41 * M).alert()).as("only 24 min quiet").isFalse();
        buckets.clear();
        CascadeState st2 = new CascadeState();
        add(T0, PositionSide.LONG, 150_000);
        assertThat(evaluate(st2, T0 + M).alert()).isTrue();
        add(T0 + 45 * M, PositionSide.SHORT, 150_000);
        assertThat(evaluate(st2, T0 + 46 * M).alert()).as("45 min quiet").isTrue();
    }

    @Test
    void badNotionalsAreRejected() {
        MinuteBucket b = new MinuteBucket();
        assertThatThrownBy(() -> CascadeCalculator.add(b, PositionSide.LONG, Double.NaN))
                .isInstanceOf(RejectedInputException.class);
        assertThatThrownBy(() -> CascadeCalculator.add(b, PositionSide.LONG, 0))
                .isInstanceOf(RejectedInputException.class);
        assertThat(b.count).isZero();
    }

    static PriceLevel level(String p, String q) {
        return new PriceLevel(new BigDecimal(p), new BigDecimal(q));
    }

    @Test
    void supportAndResistanceAreTheHeaviestBinsVolumeWeighted() {
        // Mid 1000, bins 1.0 wide counted from the mid.
        OrderBook book = new OrderBook("BTC/USDT", T0, new PriceLevel[] {
            level("999.9", "1"), level("999.5", "2"),   // bin 0: 3
            level("998.8", "10"), level("998.2", "30"), // bin 1: 40
            level("995.5", "25"),                       // bin 4: 25
            level("990.0", "5")},                       // bin 10: 5
            new PriceLevel[] {level("1000.1", "4"),     // bin 0: 4
                level("1002.5", "50"),                  // bin 2: 50
                level("1007.0", "8"), level("1007.9", "8")}); // bin 7: 16
        OrderBookLevels.Levels levels = OrderBookLevels.of(book, 0.001);
        assertThat(levels.support()).hasSize(2);
        assertThat(levels.support()[0]).isCloseTo((998.8 * 10 + 998.2 * 30) / 40, within(1e-9));
        assertThat(levels.support()[1]).isCloseTo(995.5, within(1e-9));
        assertThat(levels.resistance()[0]).isCloseTo(1002.5, within(1e-9));
        assertThat(levels.resistance()[1]).isCloseTo(1007.45, within(1e-9));
        assertThat(levels.priceDecimals()).isEqualTo(1); // the finest price, 999.9, has one

        CascadeState st = new CascadeState();
        calc.onBook(st, T0, levels);
        calc.onBook(st, T0 - M, new OrderBookLevels.Levels(new double[] {1}, new double[] {2}));
        assertThat(evaluate(st, T0 + M).features().supportLevels())
                .containsExactly(levels.support());
    }

    @Test
    void aBooksPriceStepIsTheMostDecimalsItsPricesUse() {
        // Binance pads prices to eight decimals: "148.25000000" has a step of 0.01.
        assertThat(OrderBookLevels.priceDecimals(new PriceLevel[] {
            level("148.25000000", "1"), level("148.20000000", "1"), level("148.00000000", "1")}))
                .isEqualTo(2);
        assertThat(OrderBookLevels.priceDecimals(new PriceLevel[] {level("45000.00", "1")}))
                .isZero();
    }

    @Test
    void theWindowKnowsItsVenuesAndTheBooksPriceStep() {
        CascadeState st = new CascadeState();
        CascadeCalculator.add(buckets.computeIfAbsent(CascadeCalculator.minuteOf(T0),
                m -> new MinuteBucket()), "okx", PositionSide.LONG, 500_000);
        assertThat(evaluate(st, T0 + M).venues()).containsExactly("okx");
        assertThat(evaluate(st, T0 + M).priceDecimals()).isEqualTo(-1); // no book yet
        calc.onBook(st, T0, new OrderBookLevels.Levels(new double[] {1}, new double[] {2}, 3));
        assertThat(evaluate(st, T0 + M).priceDecimals()).isEqualTo(3);
    }
}
