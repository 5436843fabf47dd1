package io.regimeflow.connectors.exchange.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.model.Candle;
import io.regimeflow.model.MarketData;
import io.regimeflow.testkit.BinanceKlineCsv;
import io.regimeflow.testkit.FakeBinance;
import io.regimeflow.testkit.FakeBinanceStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A kline is closed by the exchange's clock, never this machine's: with the job's clock behind
 * or ahead of the exchange, live polling emits every closed minute once, with its final values,
 * and never the minute still trading (which would never be corrected).
 */
class ClockSkewTest {

    static final long MINUTE = 60_000L;

    @ParameterizedTest(name = "job clock {0} ms off the exchange's")
    @ValueSource(longs = {-60_000, -5_000, 5_000, 60_000})
    void everyMinuteEmittedIsClosedWithItsFinalValues(long skewMs) throws Exception {
        long now = System.currentTimeMillis();
        long trading = now - Math.floorMod(now, MINUTE);
        long start = trading - 30 * MINUTE;
        // Real minutes put at the present: 30 closed ones, the one trading, and the next ones.
        List<Candle> real = BinanceKlineCsv.read("ALGOUSDT-1m-2024-02.csv.gz", "ALGO/USDT")
                .subList(0, 40);
        List<Candle> market = new ArrayList<>();
        for (int i = 0; i < real.size(); i++) {
            Candle c = real.get(i);
            market.add(new Candle(c.symbol(), start + i * MINUTE, c.open(), c.high(), c.low(),
                    c.close(), c.volume(), c.quoteVolume(), c.trades(), c.takerBuyBase(),
                    c.takerBuyQuote()));
        }
        try (FakeBinance fake = new FakeBinance(); FakeBinanceStream stream =
                new FakeBinanceStream()) {
            fake.candles("ALGO/USDT", market);
            ExchangeSplitReader reader = new ExchangeSplitReader(ExchangeSplitReaderTest.settings(
                    fake.baseUrl(), stream.baseUrl(), List.of("ALGO/USDT"), start, null, 3), 1,
                    () -> System.currentTimeMillis() + skewMs,
                    UnregisteredMetricsGroup.createOperatorMetricGroup());
            // Caught up: every minute closed when the test began.
            List<MarketData> out = ExchangeSplitReaderTest.run(reader, List.of(
                    ExchangeSplitReaderTest.klines("ALGO/USDT", start)), o -> o.size() >= 30);
            // Then polled on for a few seconds: a minute taken as closed too early shows here.
            long watchUntil = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < watchUntil) {
                ExchangeSplitReaderTest.fetchOnce(reader, out);
            }
            for (int i = 0; i < out.size(); i++) {
                assertThat(out.get(i)).as("minute %d", i).isEqualTo(market.get(i));
            }
        }
    }
}
