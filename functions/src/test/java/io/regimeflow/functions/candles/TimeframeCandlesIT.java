package io.regimeflow.functions.candles;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.testkit.BinanceKlineCsv;
import io.regimeflow.testkit.FlinkTestEnvironment;
import io.regimeflow.model.BuiltCandle;
import io.regimeflow.model.Candle;
import io.regimeflow.model.Timeframe;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The candle windows on a real mini-cluster, in event time. */
class TimeframeCandlesIT {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = FlinkTestEnvironment.miniCluster();

    private static long t(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    private static Candle flat(String symbol, long openTime, int price) {
        BigDecimal p = BigDecimal.valueOf(price);
        return new Candle(symbol, openTime, p, p, p, p, BigDecimal.ONE, p, 1, BigDecimal.ZERO,
                BigDecimal.ZERO);
    }

    private static List<BuiltCandle> run(List<Candle> minutes, int parallelism) throws Exception {
        StreamExecutionEnvironment env = FlinkTestEnvironment.env(parallelism);
        DataStream<Candle> in = env.fromData(minutes, TypeInformation.of(Candle.class))
                .uid("test-minutes")
                .assignTimestampsAndWatermarks(WatermarkStrategy
                        .<Candle>forMonotonousTimestamps()
                        .withTimestampAssigner((c, ts) -> c.eventTime()))
                .uid("test-watermarks");
        List<BuiltCandle> out = new ArrayList<>();
        TimeframeCandles.build(in).all().executeAndCollect().forEachRemaining(out::add);
        out.sort(Comparator.comparing(BuiltCandle::interval).thenComparing(BuiltCandle::symbol)
                .thenComparingLong(BuiltCandle::openTime));
        return out;
    }

    @Test
    void weeksStartMondayAndFourHourWindowsStartAtTwenty() throws Exception {
        // Sunday 2024-03-10 20:00 to Monday 2024-03-11 04:00 UTC: crosses a week and a day.
        List<Candle> minutes = new ArrayList<>();
        long from = t("2024-03-10T20:00:00Z");
        for (int m = 0; m < 8 * 60; m++) {
            minutes.add(flat("BTC/USDT", from + m * 60_000L, 100 + m));
        }
        List<BuiltCandle> out = run(minutes, 1);
        Map<Timeframe, List<BuiltCandle>> by = out.stream()
                .collect(Collectors.groupingBy(BuiltCandle::interval));

        assertThat(by.get(Timeframe.H1)).hasSize(8).allMatch(BuiltCandle::complete);
        assertThat(by.get(Timeframe.H4)).extracting(BuiltCandle::openTime)
                .containsExactly(t("2024-03-10T20:00:00Z"), t("2024-03-11T00:00:00Z"));
        BuiltCandle at20 = by.get(Timeframe.H4).get(0);
        assertThat(at20.closeTime()).isEqualTo(t("2024-03-10T23:59:59.999Z"));
        assertThat(at20.open()).isEqualByComparingTo("100");
        assertThat(at20.close()).isEqualByComparingTo("339");
        assertThat(at20.count()).isEqualTo(240);
        assertThat(at20.complete()).isTrue();

        assertThat(by.get(Timeframe.W1)).extracting(BuiltCandle::openTime)
                .containsExactly(t("2024-03-04T00:00:00Z"), t("2024-03-11T00:00:00Z"));
        assertThat(by.get(Timeframe.W1).get(1).open()).isEqualByComparingTo("340");
        assertThat(by.get(Timeframe.W1)).noneMatch(BuiltCandle::complete);
        assertThat(by.get(Timeframe.D1)).extracting(BuiltCandle::openTime)
                .containsExactly(t("2024-03-10T00:00:00Z"), t("2024-03-11T00:00:00Z"));
        assertThat(by.get(Timeframe.D1).get(0).count()).isEqualTo(240);
    }

    @Test
    void aMissingMinuteGivesIncompleteCandlesWithTheirCount() throws Exception {
        List<Candle> minutes = new ArrayList<>();
        long from = t("2024-03-11T00:00:00Z");
        for (int m = 0; m < 4 * 60; m++) {
            if (m != 75) { // 01:15 is an exchange gap
                minutes.add(flat("ETH/USDT", from + m * 60_000L, 10));
            }
        }
        List<BuiltCandle> out = run(minutes, 2);
        assertThat(out).filteredOn(c -> c.interval() == Timeframe.H1)
                .extracting(BuiltCandle::count).containsExactly(60, 59, 60, 60);
        assertThat(out).filteredOn(c -> c.interval() == Timeframe.H1)
                .extracting(BuiltCandle::complete).containsExactly(true, false, true, true);
        BuiltCandle fourHours = out.stream().filter(c -> c.interval() == Timeframe.H4)
                .findFirst().orElseThrow();
        assertThat(fourHours.count()).isEqualTo(239);
        assertThat(fourHours.complete()).isFalse();
    }

    @Test
    void realBinanceMinutesBuildTheSameCandlesAsAnIndependentGrouping() throws Exception {
        List<Candle> avax = BinanceKlineCsv.read("AVAXUSDT-1m-2024-02.csv.gz", "AVAX/USDT");
        List<Candle> near = BinanceKlineCsv.read("NEARUSDT-1m-2024-02.csv.gz", "NEAR/USDT");
        assertThat(avax).hasSizeGreaterThan(40_000);
        List<Candle> all = new ArrayList<>(avax);
        all.addAll(near);
        all.sort(Comparator.comparingLong(Candle::openTime));

        List<BuiltCandle> built = run(all, 2);

        List<BuiltCandle> expected = new ArrayList<>();
        for (List<Candle> series : List.of(avax, near)) {
            for (Timeframe tf : Timeframe.values()) {
                expected.addAll(groupIndependently(series, tf));
            }
        }
        assertThat(built).hasSameSizeAs(expected);
        Map<String, BuiltCandle> byKey = built.stream().collect(Collectors.toMap(
                c -> c.symbol() + c.interval() + c.openTime(), c -> c));
        for (BuiltCandle e : expected) {
            BuiltCandle a = byKey.get(e.symbol() + e.interval() + e.openTime());
            assertThat(a).as("%s %s %s", e.symbol(), e.interval(), e.openTime()).isNotNull();
            // Prices exactly; volumes to 1e-8 relative (spec §1).
            assertThat(a.open()).isEqualByComparingTo(e.open());
            assertThat(a.high()).isEqualByComparingTo(e.high());
            assertThat(a.low()).isEqualByComparingTo(e.low());
            assertThat(a.close()).isEqualByComparingTo(e.close());
            assertRelativelyClose(a.volume(), e.volume());
            assertRelativelyClose(a.quoteVolume(), e.quoteVolume());
            assertThat(a.trades()).isEqualTo(e.trades());
            assertThat(a.count()).isEqualTo(e.count());
            assertThat(a.complete()).isEqualTo(e.complete());
        }
        // February 2024 began on a Thursday: the first week is the one of Monday 29 January.
        assertThat(built).filteredOn(c -> c.interval() == Timeframe.W1 && c.symbol()
                .equals("AVAX/USDT")).extracting(BuiltCandle::openTime).first()
                .isEqualTo(t("2024-01-29T00:00:00Z"));
    }

    /** The reference: plain grouping by the window start, written without the accumulator. */
    private static List<BuiltCandle> groupIndependently(List<Candle> series, Timeframe tf) {
        long size = tf.size().toMillis();
        long offset = tf.offset().toMillis();
        TreeMap<Long, List<Candle>> groups = new TreeMap<>();
        for (Candle c : series) {
            long start = Math.floorDiv(c.openTime() - offset, size) * size + offset;
            groups.computeIfAbsent(start, k -> new ArrayList<>()).add(c);
        }
        List<BuiltCandle> out = new ArrayList<>();
        groups.forEach((start, cs) -> {
            cs.sort(Comparator.comparingLong(Candle::openTime));
            BigDecimal high = cs.stream().map(Candle::high).max(BigDecimal::compareTo).get();
            BigDecimal low = cs.stream().map(Candle::low).min(BigDecimal::compareTo).get();
            BigDecimal vol = cs.stream().map(Candle::volume).reduce(BigDecimal.ZERO,
                    BigDecimal::add);
            BigDecimal qv = cs.stream().map(Candle::quoteVolume).reduce(BigDecimal.ZERO,
                    BigDecimal::add);
            long trades = cs.stream().mapToLong(Candle::trades).sum();
            out.add(new BuiltCandle(cs.get(0).symbol(), tf, start, start + size - 1,
                    cs.get(0).open(), high, low, cs.get(cs.size() - 1).close(), vol, qv, trades,
                    null, null, cs.size(), cs.size() == tf.minutes()));
        });
        return out;
    }

    private static void assertRelativelyClose(BigDecimal actual, BigDecimal expected) {
        if (expected.signum() == 0) {
            assertThat(actual).isEqualByComparingTo(expected);
            return;
        }
        BigDecimal rel = actual.subtract(expected).abs().divide(expected.abs(),
                MathContext.DECIMAL64);
        assertThat(rel).isLessThanOrEqualTo(new BigDecimal("1e-8"));
    }
}
