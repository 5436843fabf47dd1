package io.regimeflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.connectors.exchange.ExchangeSource;
import io.regimeflow.connectors.jdbc.SchemaMigrator;
import io.regimeflow.job.config.CommandLine;
import io.regimeflow.job.config.ConfigLoader;
import io.regimeflow.job.config.RegimeflowConfig;
import io.regimeflow.model.Candle;
import io.regimeflow.testkit.Await;
import io.regimeflow.testkit.BinanceKlineCsv;
import io.regimeflow.testkit.FakeBinance;
import io.regimeflow.testkit.FakeBinanceStream;
import io.regimeflow.testkit.FlinkTestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole live job (parallelism 2, books on, candles into SQLite) on a fake Binance.US serving
 * 150 symbols over REST and the combined websocket streams, on a simulated clock the test moves
 * minute by minute (each live minute takes as long as the job needs to take it, well under a
 * second, instead of a real minute): every live minute of every symbol once, a socket dropped
 * for 3 minutes repaired by REST, and the fake's weight never over the share (0.5 x 1200).
 */
class LiveStreamsIT {

    /** The source's per-split counters, read while the job runs to pace the clock. */
    static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = FlinkTestEnvironment.miniCluster(
            METRICS.addToConfiguration(new Configuration()));

    static final long MINUTE = 60_000L;
    static final String[] COINS = {"ALGO", "AVAX", "DOT", "FIL", "LINK", "LTC", "NEAR"};
    static final int SYMBOLS = 150;
    /** Minutes 0-29 of the hour are history when the job starts; 30-59 come live. */
    static final int BACKFILL = 30;
    /** The socket is down for minutes 40-42. */
    static final int DROP = 40;
    static final int SHARE = 600;

    @TempDir
    Path dir;

    @Test
    void everyLiveMinuteOnceADropRepairedByRestAndTheWeightUnderTheShare() throws Exception {
        long began = System.nanoTime();
        List<String> symbols = new ArrayList<>();
        Map<String, List<Candle>> market = new HashMap<>();
        for (int i = 0; i < SYMBOLS; i++) {
            String coin = COINS[i % COINS.length];
            String symbol = coin + i + "/USDT";
            symbols.add(symbol);
            market.put(symbol, BinanceKlineCsv.shifted(BinanceKlineCsv.read(coin
                    + "USDT-1m-2026-02.csv.gz", coin + "/USDT").subList(0, 60), 0, symbol));
        }
        long start = market.get(symbols.get(0)).get(0).openTime();
        Path db = dir.resolve("live.db");
        try (FakeBinance spot = new FakeBinance(); FakeBinanceStream stream =
                new FakeBinanceStream(); SimulatedClock clock = new SimulatedClock(
                        start + BACKFILL * MINUTE)) {
            symbols.forEach(s -> spot.candles(s, market.get(s)));
            spot.weightLimit(1200);
            spot.weightClock(clock);
            spot.publishUntil(start + BACKFILL * MINUTE);
            RegimeflowConfig config = config(symbols, start, spot, stream, db);
            SchemaMigrator.migrate(PipelineSinksFactory.jdbcSettings(config));
            StreamExecutionEnvironment env = ExecutionEnvironmentFactory.create(config, false);
            RegimeflowPipeline.build(env, new MarketInput(new ExchangeSource(
                    MarketSources.binanceSettings(config, Instant.ofEpochMilli(clock
                            .getAsLong())), clock), ExchangeSource.watermarks(), false),
                    AnalysisSettingsFactory.create(config),
                    PipelineSinksFactory.create(config, Optional.empty()));
            JobClient job = env.executeAsync("live-streams");
            try {
                awaitKlines(BACKFILL);
                awaitStreams(stream, 1);
                int minute = BACKFILL;
                for (; minute < DROP; minute++) {
                    close(spot, stream, symbols, clock, start, minute);
                    awaitKlines(minute + 1);
                }
                int opened = stream.connectionsOpened();
                stream.refuseHandshakes(503);
                stream.dropConnections();
                for (; minute < DROP + 3; minute++) {
                    close(spot, stream, symbols, clock, start, minute);
                }
                stream.refuseHandshakes(0);
                awaitStreams(stream, opened + 2);
                for (; minute < 60; minute++) {
                    close(spot, stream, symbols, clock, start, minute);
                    awaitKlines(minute + 1);
                }
                Await.until("the hour of every symbol in the database", Await.PATIENT,
                        () -> hourRows(db) == SYMBOLS, () -> hourRows(db) + " rows");
                assertThat(klinesEmitted()).as("minutes the source emitted")
                        .isEqualTo(SYMBOLS * 60L);
            } finally {
                job.cancel().get();
            }
            for (String s : symbols) {
                assertThat(BinanceJobIT.rows(db, "SELECT open_time, open, high, low, close, "
                        + "volume, trades, count FROM candles WHERE interval = '1h' AND "
                        + "symbol = '" + s + "'")).as("the hour of %s", s)
                        .containsExactly(BinanceJobIT.hour(market.get(s)));
            }
            // At least the 3 dropped minutes of every symbol; under load a minute the socket
            // delivers more than lateAfter (10 s, the clock runs at real speed) late is too.
            assertThat(counter("repairedMinutes")).as("minutes repaired by REST")
                    .isGreaterThanOrEqualTo(SYMBOLS * 3L);
            // A minute a feed gives twice is dropped by the reader's position check; counted.
            assertThat(counter("recordsNotEmittedAgain")).as("records given twice").isZero();
            System.out.printf("LiveStreamsIT: %d symbols, %d live minutes, a 3-minute drop: "
                    + "%.1f s; peak weight per minute at the fake %d (share %d)%n", SYMBOLS,
                    60 - BACKFILL, (System.nanoTime() - began) / 1e9, spot.maxWeightPerMinute(),
                    SHARE);
            assertThat(spot.maxWeightPerMinute()).isLessThanOrEqualTo(SHARE);
        }
    }

    RegimeflowConfig config(List<String> symbols, long start, FakeBinance spot,
            FakeBinanceStream stream, Path db) throws Exception {
        Files.writeString(dir.resolve("live.yaml"), String.format("""
                symbols: [%s]
                source:
                  type: binance
                  start: %s
                binance:
                  spot-url: %s
                  live: websocket
                  websocket-url: %s
                  depth-limit: 20
                  funding: false
                  liquidations: false
                job:
                  parallelism: 2
                sinks:
                  jdbc:
                    url: jdbc:sqlite:%s
                dashboard:
                  enabled: false
                """, String.join(", ", symbols), Instant.ofEpochMilli(start), spot.baseUrl(),
                stream.baseUrl(), db));
        return ConfigLoader.load(CommandLine.parse("--config", "live.yaml"), Map.of(), dir);
    }

    /** Minute {@code m} closes: the clock passes its end, REST and the socket publish it. */
    static void close(FakeBinance spot, FakeBinanceStream stream, List<String> symbols,
            SimulatedClock clock, long start, int m) throws Exception {
        long open = start + m * MINUTE;
        clock.set(open + MINUTE + 100);
        spot.publishUntil(open + MINUTE);
        stream.publishMinute(spot, symbols, open);
    }

    static void awaitKlines(int minutes) throws Exception {
        Await.until(minutes + " minutes of each symbol emitted", Await.PATIENT,
                () -> klinesEmitted() >= (long) SYMBOLS * minutes,
                () -> klinesEmitted() + " emitted");
    }

    /** Waits until {@code opened} connections were opened and all streams are carried again. */
    static void awaitStreams(FakeBinanceStream stream, int opened) throws Exception {
        Await.until("every kline and book stream subscribed", Await.PATIENT,
                () -> stream.connectionsOpened() >= opened && stream.connectionStreams()
                        .stream().mapToInt(s -> s.size()).sum() == 2 * SYMBOLS,
                () -> stream.connectionsOpened() + " opened, carrying "
                        + stream.connectionStreams().stream().mapToInt(s -> s.size()).sum());
    }

    static long klinesEmitted() {
        return counterOfSplits("klines-", "recordsEmitted");
    }

    static long counter(String name) {
        return counterOfSplits("", name);
    }

    /** The sum of the counters {@code name} of the groups whose identifier holds {@code part}. */
    static long counterOfSplits(String part, String name) {
        return ReportedCounters.sum(METRICS, part, name);
    }

    /** The hourly rows written so far; -1 while the database cannot be read. */
    static int hourRows(Path db) {
        try {
            return Integer.parseInt(BinanceJobIT.rows(db, "SELECT COUNT(*) FROM candles WHERE "
                    + "interval = '1h'").get(0).get(0));
        } catch (Exception e) {
            return -1;
        }
    }
}
