package io.regimeflow.connectors.exchange.reader;

import static io.regimeflow.connectors.exchange.reader.ExchangeSplitReaderTest.MINUTE;
import static io.regimeflow.connectors.exchange.reader.ExchangeSplitReaderTest.fetchOnce;
import static io.regimeflow.connectors.exchange.reader.ExchangeSplitReaderTest.quick;
import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.connectors.exchange.config.SpotLive;
import io.regimeflow.connectors.exchange.derivatives.DerivativesVenue;
import io.regimeflow.connectors.exchange.split.ExchangeSplit;
import io.regimeflow.connectors.exchange.split.ExchangeStream;
import io.regimeflow.model.Candle;
import io.regimeflow.model.MarketData;
import io.regimeflow.testkit.Await;
import io.regimeflow.testkit.BinanceKlineCsv;
import io.regimeflow.testkit.FakeBinance;
import io.regimeflow.testkit.FakeBinanceStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

/**
 * 50 symbols live with books on one reader (the whole weight share, 600 of 1200), over the
 * streams: every live minute once, no REST weight while the socket carries them, a 3-minute drop
 * repaired by REST, and the fake's weight accounting never over the share. The symbols are the
 * seven of 2026-02's real recordings, each under several names. (150 symbols in a whole job:
 * LiveStreamsIT; the REST backfill, paced by the budget in real time, is most of the cost.)
 */
class ManySymbolsStreamsTest {

    static final String[] COINS = {"ALGO", "AVAX", "DOT", "FIL", "LINK", "LTC", "NEAR"};
    static final int SYMBOLS = 50;
    static final int BACKFILL = 30;
    static final Map<String, Integer> WEIGHTS = Map.of("/api/v3/klines", 2, "/api/v3/depth", 5);

    @Test
    void everyLiveMinuteOnceADropRepairedAndTheWeightUnderTheShare() throws Exception {
        List<List<Candle>> real = new ArrayList<>();
        for (String coin : COINS) {
            real.add(BinanceKlineCsv.read(coin + "USDT-1m-2026-02.csv.gz", coin + "/USDT")
                    .subList(0, 60));
        }
        long start = real.get(0).get(0).openTime();
        List<String> symbols = new ArrayList<>();
        Map<String, List<Candle>> bySymbol = new HashMap<>();
        // Set minute by minute, and running at real speed in between: the weight budget spaces
        // requests over the minute, which a frozen clock would never let pass.
        AtomicLong clock = new AtomicLong(start + BACKFILL * MINUTE);
        AtomicLong setAt = new AtomicLong(System.nanoTime());
        try (FakeBinance fake = new FakeBinance(); FakeBinanceStream stream =
                new FakeBinanceStream()) {
            for (int i = 0; i < SYMBOLS; i++) {
                String symbol = COINS[i % COINS.length] + i + "/USDT";
                List<Candle> c = BinanceKlineCsv.shifted(real.get(i % COINS.length), 0, symbol);
                symbols.add(symbol);
                bySymbol.put(symbol, c);
                fake.candles(symbol, c);
            }
            fake.weightLimit(1200);
            fake.publishUntil(clock.get());
            List<ExchangeSplit> splits = new ArrayList<>();
            for (String s : symbols) {
                splits.add(new ExchangeSplit(s, 0, ExchangeStream.KLINES, start, -1));
                splits.add(new ExchangeSplit(s, 0, ExchangeStream.DEPTH, 0, -1));
            }
            ExchangeSplitReader reader = new ExchangeSplitReader(quick(symbols, start)
                    .spotUrl(fake.baseUrl()).venue(DerivativesVenue.BINANCE_USDM)
                    .derivativesRestUrl(fake.baseUrl()).derivativesWebsocketUrl(stream.baseUrl())
                    .streams(true, false, false).depthInterval(Duration.ofMinutes(1))
                    .live(SpotLive.streams(stream.baseUrl(), Duration.ofMinutes(10))).build(), 1,
                    () -> clock.get() + (System.nanoTime() - setAt.get()) / 1_000_000,
                    new UnregisteredMetricsGroup());
            reader.handleSplitsChanges(new SplitsAddition<>(splits));
            List<MarketData> out = new ArrayList<>();
            await(reader, out, SYMBOLS * BACKFILL);
            Await.until("all streams subscribed", () -> {
                fetchOnce(reader, out);
                return stream.connectionStreams().stream().mapToInt(x -> x.size()).sum()
                        == 2 * SYMBOLS;
            }, () -> stream.connectionStreams().toString());
            int mark = fake.requests().size();
            int minute = BACKFILL;
            for (; minute < BACKFILL + 3; minute++) {
                close(fake, stream, symbols, clock, setAt, start, minute);
                await(reader, out, SYMBOLS * (minute + 1));
            }
            int liveWeight = weightSince(fake, mark);
            stream.refuseHandshakes(503);
            stream.dropConnections();
            for (; minute < BACKFILL + 6; minute++) {
                close(fake, stream, symbols, clock, setAt, start, minute);
            }
            stream.refuseHandshakes(0);
            stream.awaitConnectionsOpened(2, Await.PATIENT);
            Await.until("resubscribed", () -> {
                fetchOnce(reader, out);
                return stream.subscribed("algo0usdt@kline_1m");
            }, () -> stream.connectionStreams().toString());
            int repairMark = fake.requests().size();
            for (; minute < BACKFILL + 8; minute++) {
                close(fake, stream, symbols, clock, setAt, start, minute);
                await(reader, out, SYMBOLS * (minute + 1));
            }
            int repairWeight = weightSince(fake, repairMark);
            reader.close();
            for (String s : symbols) {
                List<Candle> got = out.stream().filter(Candle.class::isInstance)
                        .map(Candle.class::cast).filter(c -> c.symbol().equals(s)).toList();
                assertThat(got).as(s).isEqualTo(bySymbol.get(s).subList(0, minute));
            }
            System.out.printf("%d symbols live with books: REST weight %d over 3 live minutes "
                    + "with the socket (%.1f a minute); repair of a 3-minute drop: %d; peak "
                    + "per minute at the fake: %d (share 600)%n", SYMBOLS, liveWeight,
                    liveWeight / 3.0, repairWeight, fake.maxWeightPerMinute());
            assertThat(liveWeight).isZero();
            assertThat(repairWeight).isEqualTo(SYMBOLS * 2);
            assertThat(fake.maxWeightPerMinute()).isLessThanOrEqualTo(600);
        }
    }

    static void close(FakeBinance fake, FakeBinanceStream stream, List<String> symbols,
            AtomicLong clock, AtomicLong setAt, long start, int minute) throws Exception {
        long open = start + minute * MINUTE;
        clock.set(open + MINUTE + 100);
        setAt.set(System.nanoTime());
        fake.publishUntil(open + MINUTE);
        stream.publishMinute(fake, symbols, open);
    }

    static void await(ExchangeSplitReader reader, List<MarketData> out, int candles)
            throws Exception {
        Await.until(candles + " candles", () -> {
            fetchOnce(reader, out);
            return out.stream().filter(Candle.class::isInstance).count() >= candles;
        }, () -> out.stream().filter(Candle.class::isInstance).count() + " candles");
    }

    static int weightSince(FakeBinance fake, int mark) {
        return fake.requests().stream().skip(mark).mapToInt(r -> {
            String path = r.substring(r.indexOf(' ') + 1).split("\\?")[0];
            return WEIGHTS.getOrDefault(path, 1);
        }).sum();
    }
}
