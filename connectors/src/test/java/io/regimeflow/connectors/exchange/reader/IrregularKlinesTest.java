package io.regimeflow.connectors.exchange.reader;

import io.regimeflow.connectors.exchange.split.ExchangeSplit;
import io.regimeflow.connectors.exchange.spot.BinanceKlines;
import io.regimeflow.model.Candle;
import io.regimeflow.model.MarketData;
import io.regimeflow.testkit.Await;
import io.regimeflow.testkit.FakeBinance;
import io.regimeflow.testkit.FakeBinanceStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.metrics.testutils.MetricListener;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;


/**
 * Rows of Binance's own history that are not a whole minute (around its maintenance of
 * 2018-02-08: a row closing 14.788 s into its minute) are left out and counted; the regular rows
 * of the same answer are emitted, and nothing is asked in a loop.
 */
class IrregularKlinesTest {

    /** A regular minute, then the real irregular row of 2018-02-08 00:28 UTC. */
    static final String PAGE = "[[1518049620000,\"0.08700000\",\"0.08710000\",\"0.08690000\","
            + "\"0.08705000\",\"120.50000000\",1518049679999,\"10.48952500\",38,\"60.00000000\","
            + "\"5.22300000\",\"0\"],"
            + "[1518049680000,\"0.08705000\",\"0.08706000\",\"0.08704000\",\"0.08706000\","
            + "\"3.10000000\",1518049694788,\"0.26987000\",2,\"1.00000000\",\"0.08706000\","
            + "\"0\"]]";
    static final long REGULAR = 1518049620000L;
    static final long MINUTE = 60_000L;

    @Test
    void theIrregularRowIsLeftOutAndTheRegularOneEmitted() throws Exception {
        BinanceKlines.Page p = BinanceKlines.page(PAGE, "ETH/BTC", Long.MAX_VALUE);
        assertThat(p.closed()).extracting(Candle::openTime).containsExactly(REGULAR);
        assertThat(p.irregular()).isEqualTo(1);
        assertThat(p.rows()).isEqualTo(2);
    }

    @Test
    void aBoundedRunOverTheIrregularMinuteEndsWithTheRegularOneAndAFewRequests()
            throws Exception {
        try (FakeBinance fake = new FakeBinance(); FakeBinanceStream stream =
                new FakeBinanceStream()) {
            fake.script("/api/v3/klines", FakeBinance.Answer.ok(PAGE, 2));
            int gapRetries = 3;
            MetricListener metrics = new MetricListener();
            ExchangeSplitReader reader = new ExchangeSplitReader(ExchangeSplitReaderTest.settings(
                    fake.baseUrl(), stream.baseUrl(), List.of("ETH/BTC"), REGULAR,
                    REGULAR + 2 * MINUTE, gapRetries), 1, System::currentTimeMillis,
                    metrics.getMetricGroup());
            ExchangeSplit split = ExchangeSplitReaderTest.klines("ETH/BTC", REGULAR);
            reader.handleSplitsChanges(new SplitsAddition<>(List.of(split)));
            List<MarketData> out = new ArrayList<>();
            Await.until("the end of the split", () -> ExchangeSplitReaderTest.fetchElements(
                    reader, (id, e) -> {
                        if (e.record() != null) {
                            out.add(e.record().data());
                        }
                    }).contains(split.splitId()),
                    () -> "emitted " + out + ", " + fake.hits("/api/v3/klines") + " requests");
            assertThat(out).extracting(d -> ((Candle) d).openTime()).containsExactly(REGULAR);
            // The first answer and the repairs of the left-out minute, then the gap is taken.
            assertThat(fake.hits("/api/v3/klines")).isLessThanOrEqualTo(1 + gapRetries);
            // Served again by every repair of its minute, the row is still one row.
            assertThat(fake.hits("/api/v3/klines")).isGreaterThan(1);
            assertThat(metrics.getCounter("split", split.splitId(), "irregularRows")
                    .orElseThrow().getCount()).isEqualTo(1);
            assertThat(metrics.getCounter("split", split.splitId(), "missingMinutes")
                    .orElseThrow().getCount()).isEqualTo(1);
        }
    }
}
