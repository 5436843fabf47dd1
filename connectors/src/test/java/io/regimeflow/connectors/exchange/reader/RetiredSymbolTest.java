package io.regimeflow.connectors.exchange.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.connectors.exchange.derivatives.DerivativesVenue;
import io.regimeflow.connectors.exchange.universe.UniverseEvent;
import io.regimeflow.model.Candle;
import io.regimeflow.model.MarketData;
import io.regimeflow.testkit.BinanceKlineCsv;
import io.regimeflow.testkit.FakeBinance;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.apache.flink.metrics.testutils.MetricListener;
import org.junit.jupiter.api.Test;

/**
 * The fetch side of a symbol that leaves a universe and comes back: retired, its split says it
 * is idle and is not polled; back two hours later, its candles go on from the hour it came back
 * in, not from its cursor (the minutes between are behind the job's watermark: late).
 */
class RetiredSymbolTest {

    static final long MINUTE = 60_000L;
    static final String ALGO = "ALGO/USDT";

    @Test
    void retiredItIdlesAndBackItGoesOnFromTheHourItCameBackIn() throws Exception {
        List<Candle> algo = BinanceKlineCsv.read("ALGOUSDT-1m-2024-02.csv.gz", ALGO)
                .subList(0, 180);
        long start = algo.get(0).openTime();
        try (FakeBinance fake = new FakeBinance()) {
            fake.candles(ALGO, algo).publishUntil(start + 30 * MINUTE);
            AtomicLong now = new AtomicLong(start + 30 * MINUTE + 1_000);
            SymbolRetirements retirements = new SymbolRetirements();
            ExchangeSplitReader reader = new ExchangeSplitReader(ExchangeSplitReaderTest
                    .quick(List.of(ALGO), start).spotUrl(fake.baseUrl())
                    .venue(DerivativesVenue.BINANCE_USDM).derivativesRestUrl(fake.baseUrl())
                    .build(), 1, now::get, new MetricListener().getMetricGroup(), retirements);
            List<MarketData> out = new ArrayList<>(ExchangeSplitReaderTest.run(reader,
                    List.of(ExchangeSplitReaderTest.klines(ALGO, start)), o -> o.size() >= 30));

            retirements.apply(new UniverseEvent(ALGO, "status BREAK"));
            List<String> idle = new ArrayList<>();
            ExchangeSplitReaderTest.fetchElements(reader, (id, e) -> {
                if (e.idle()) {
                    idle.add(id);
                }
            });
            assertThat(idle).containsExactly("klines-" + ALGO);
            fake.publishUntil(start + 130 * MINUTE);
            now.set(start + 130 * MINUTE + 1_000);
            ExchangeSplitReaderTest.fetchOnce(reader, out);
            assertThat(out).as("minutes read while retired").hasSize(30);

            retirements.apply(new UniverseEvent(ALGO, null));
            out.addAll(ExchangeSplitReaderTest.run(reader, List.of(), o -> o.size() >= 10));
            assertThat(out.stream().map(d -> (((Candle) d).openTime() - start) / MINUTE))
                    .containsExactlyElementsOf(LongStream.concat(LongStream.range(0, 30),
                            LongStream.range(120, 130)).boxed().toList());
        }
    }
}
