package io.regimeflow.connectors.exchange.spot;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.model.OrderBook;
import io.regimeflow.testkit.BinanceKlineCsv;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The depth parser on every real order-book answer in {@code shared/data/depth} (Binance.US and
 * Binance spot, USD-M and COIN-M futures, which add {@code E} and {@code T}): each parses whole,
 * with the level counts and best prices its MANIFEST.csv records.
 */
class RecordedDepthTest {

    @Test
    void everyRecordedSnapshotParsesAsTheManifestSays() throws Exception {
        Path dir = BinanceKlineCsv.sharedData().resolve("depth");
        List<String> manifest = Files.readAllLines(dir.resolve("MANIFEST.csv"),
                StandardCharsets.UTF_8);
        assertThat(manifest.get(0)).startsWith("file,request_url,recorded_unix_s,lastUpdateId,E,T,"
                + "n_bids,n_asks,best_bid,best_ask");
        int checked = 0;
        for (String line : manifest.subList(1, manifest.size())) {
            String[] f = line.split(",");
            String body = Files.readString(dir.resolve(f[0]), StandardCharsets.UTF_8);
            OrderBook book = BinanceDepth.book(body, "REC/USDT", 0);
            assertThat(book.bids()).as(f[0]).hasSize(Integer.parseInt(f[6]));
            assertThat(book.asks()).as(f[0]).hasSize(Integer.parseInt(f[7]));
            assertThat(book.bids()[0].price()).as(f[0]).isEqualByComparingTo(new BigDecimal(f[8]));
            assertThat(book.asks()[0].price()).as(f[0]).isEqualByComparingTo(new BigDecimal(f[9]));
            checked++;
        }
        assertThat(checked).isEqualTo(22);
    }
}
