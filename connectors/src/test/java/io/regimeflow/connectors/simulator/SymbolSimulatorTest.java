package io.regimeflow.connectors.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.model.Candle;
import io.regimeflow.model.FundingSettlement;
import io.regimeflow.model.Liquidation;
import io.regimeflow.model.MarketData;
import io.regimeflow.model.MarketDataValidator;
import io.regimeflow.model.OrderBook;
import io.regimeflow.model.OrderSide;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SymbolSimulatorTest {

    static final long START = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    static final long DAY = 86_400_000L;
    static final List<String> SYMBOLS = List.of("BTC/USDT", "ETH/USDT", "SOL/USDT");

    static SimulatorSettings settings(long seed, int days, double gapProbability,
            double shocksPerDay) {
        return SimulatorSettings.builder(SYMBOLS, START)
                .seed(seed)
                .endMs(START + days * DAY)
                .speed(Double.POSITIVE_INFINITY)
                .gapProbability(gapProbability)
                .shocksPerDay(shocksPerDay)
                .build();
    }

    static List<MarketData> run(SimulatorSettings s, String symbol) {
        SymbolSimulator sim = new SymbolSimulator(s, symbol,
                SymbolSimulator.initialCursor(s, symbol));
        List<MarketData> out = new ArrayList<>();
        while (!sim.finished()) {
            sim.emitNextMinute(out::add);
        }
        return out;
    }

    static <T> List<T> only(List<MarketData> data, Class<T> type) {
        return data.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void theSameSeedGivesTheSameMarketAndAnotherSeedAnother() {
        List<MarketData> a = run(settings(7, 3, 0.001, 0.3), "BTC/USDT");
        List<MarketData> b = run(settings(7, 3, 0.001, 0.3), "BTC/USDT");
        List<MarketData> c = run(settings(8, 3, 0.001, 0.3), "BTC/USDT");
        assertThat(a).isEqualTo(b);
        assertThat(only(c, Candle.class)).isNotEqualTo(only(a, Candle.class));
    }

    @Test
    void resumingFromACursorContinuesExactlyAsAnUninterruptedRun() {
        SimulatorSettings s = settings(11, 2, 0.002, 0.5);
        List<MarketData> whole = run(s, "ETH/USDT");

        SymbolSimulator first = new SymbolSimulator(s, "ETH/USDT",
                SymbolSimulator.initialCursor(s, "ETH/USDT"));
        List<MarketData> resumed = new ArrayList<>();
        for (int i = 0; i < 1234; i++) {
            first.emitNextMinute(resumed::add);
        }
        SymbolSimulator second = new SymbolSimulator(s, "ETH/USDT", first.cursor());
        while (!second.finished()) {
            second.emitNextMinute(resumed::add);
        }
        assertThat(resumed).isEqualTo(whole);
    }

    @Test
    void recordsAreValidAndInEventTimeOrder() {
        List<MarketData> data = run(settings(3, 5, 0.001, 0.5), "SOL/USDT");
        long last = Long.MIN_VALUE;
        for (MarketData d : data) {
            assertThat(MarketDataValidator.problem(d)).as("%s", d).isNull();
            assertThat(d.eventTime()).isGreaterThanOrEqualTo(last);
            last = d.eventTime();
        }
        for (OrderBook b : only(data, OrderBook.class)) {
            assertThat(b.bids()[0].price()).isLessThan(b.asks()[0].price());
            for (int i = 1; i < b.bids().length; i++) {
                assertThat(b.bids()[i].price()).isLessThan(b.bids()[i - 1].price());
                assertThat(b.asks()[i].price()).isGreaterThan(b.asks()[i - 1].price());
            }
        }
        assertThat(only(data, OrderBook.class)).hasSize(5 * 1440 / 5);
    }

    @Test
    void missingMinutesFollowTheGapProbability() {
        List<Candle> candles = only(run(settings(5, 10, 0.01, 0), "BTC/USDT"), Candle.class);
        int missing = 10 * 1440 - candles.size();
        // Binomial(14400, 0.01): mean 144, sd 12.
        assertThat(missing).isBetween(100, 190);
    }

    @Test
    void fundingSettlesEveryEightHoursOnTheUtcGrid() {
        List<FundingSettlement> funding = only(run(settings(5, 4, 0, 0.3), "BTC/USDT"),
                FundingSettlement.class);
        assertThat(funding).hasSize(12);
        assertThat(funding).allSatisfy(f -> {
            assertThat(f.fundingTime() % (8 * 3_600_000L)).isZero();
            assertThat(f.intervalHours()).isEqualTo(8);
            assertThat(Math.abs(f.fundingRate().doubleValue())).isLessThanOrEqualTo(0.0075);
        });
    }

    @Test
    void symbolsCorrelateThroughTheMarketFactor() {
        SimulatorSettings s = settings(21, 30, 0, 0);
        double[] btc = hourlyReturns(only(run(s, "BTC/USDT"), Candle.class));
        double[] eth = hourlyReturns(only(run(s, "ETH/USDT"), Candle.class));
        double[] sol = hourlyReturns(only(run(s, "SOL/USDT"), Candle.class));
        // Expected about beta_a x beta_b: 0.77 and 0.68.
        assertThat(pearson(btc, eth)).isBetween(0.65, 0.88);
        assertThat(pearson(btc, sol)).isBetween(0.55, 0.8);
    }

    @Test
    void shocksBringVolatilityAndLiquidationBursts() {
        List<MarketData> calm = run(settings(9, 20, 0, 0), "BTC/USDT");
        List<MarketData> wild = run(settings(9, 20, 0, 1.0), "BTC/USDT");
        double calmVol = std(hourlyReturns(only(calm, Candle.class)));
        double wildVol = std(hourlyReturns(only(wild, Candle.class)));
        assertThat(wildVol).isGreaterThan(1.3 * calmVol);

        double calmUsd = only(calm, Liquidation.class).stream()
                .mapToDouble(l -> l.notionalUsd().doubleValue()).sum();
        double wildUsd = only(wild, Liquidation.class).stream()
                .mapToDouble(l -> l.notionalUsd().doubleValue()).sum();
        assertThat(wildUsd).isGreaterThan(10 * calmUsd);
        // No more than one liquidation per symbol per second, as Binance sends them.
        assertThat(only(wild, Liquidation.class).stream().map(l -> l.time() / 1000).distinct()
                .count()).isEqualTo(only(wild, Liquidation.class).size());
        assertThat(only(wild, Liquidation.class)).anyMatch(l -> l.side() == OrderSide.SELL)
                .anyMatch(l -> l.side() == OrderSide.BUY);
    }

    static double[] hourlyReturns(List<Candle> candles) {
        List<Double> closes = new ArrayList<>();
        for (Candle c : candles) {
            if (c.openTime() % 3_600_000L == 3_540_000L) {
                closes.add(c.close().doubleValue());
            }
        }
        double[] r = new double[closes.size() - 1];
        for (int i = 1; i < closes.size(); i++) {
            r[i - 1] = Math.log(closes.get(i) / closes.get(i - 1));
        }
        return r;
    }

    static double pearson(double[] a, double[] b) {
        int n = Math.min(a.length, b.length);
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i] / n;
            mb += b[i] / n;
        }
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < n; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    static double std(double[] a) {
        double m = 0;
        for (double v : a) {
            m += v / a.length;
        }
        double s = 0;
        for (double v : a) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / (a.length - 1));
    }

    /**
     * The default market is neither bull nor bear on average (issue 16 item 6: seed 42 fell
     * 29-56% in 14 days, seeds 1-3 fell 23-56% over 28 days, because shocks went down 70% of the
     * time and trend while they last). Over 24 seeds x 3 symbols x 28 days at the default shock
     * rate, the mean log change of the price is near 0 and about as many runs rise as fall.
     */
    @Test
    void theDefaultMarketNeitherRisesNorFallsOnAverage() {
        double sum = 0;
        int falling = 0;
        int runs = 0;
        List<String> seen = new ArrayList<>();
        for (long seed = 1; seed <= 24; seed++) {
            SimulatorSettings s = settings(seed, 28, 0, 0.15);
            for (String symbol : SYMBOLS) {
                List<Candle> candles = only(run(s, symbol), Candle.class);
                double change = Math.log(candles.get(candles.size() - 1).close().doubleValue()
                        / candles.get(0).open().doubleValue());
                seen.add(String.format("%d %s %+.2f", seed, symbol, change));
                sum += change;
                falling += change < 0 ? 1 : 0;
                runs++;
            }
        }
        System.out.println("28-day log changes: " + seen);
        assertThat(sum / runs).as(seen.toString()).isBetween(-0.12, 0.12);
        assertThat(falling).as(seen.toString()).isBetween(runs / 4, runs * 3 / 4);
    }
}
