package io.regimeflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.connectors.exchange.ExchangeSource;
import io.regimeflow.connectors.exchange.config.ExchangeSourceSettings;
import io.regimeflow.connectors.exchange.universe.SymbolUniverse;
import io.regimeflow.connectors.jdbc.SchemaMigrator;
import io.regimeflow.job.config.CommandLine;
import io.regimeflow.job.config.ConfigLoader;
import io.regimeflow.job.config.RegimeflowConfig;
import io.regimeflow.model.Candle;
import io.regimeflow.testkit.Await;
import io.regimeflow.testkit.BinanceKlineCsv;
import io.regimeflow.testkit.FakeBinance;
import io.regimeflow.testkit.FlinkTestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * The whole live job (parallelism 2, REST candles into SQLite) on a universe of USDT pairs that
 * changes while it runs, on a fake Binance.US with real 1m klines and a simulated clock the test
 * moves minute by minute. The universe starts as ALGO alone, so one reader owns nothing and must
 * say it is idle for hour 0 to close. In minute 110 DOT and LINK are listed: their candles come
 * from the hour they joined in (minute 60), each minute once, none late, their history before not
 * backfilled. In minute 113 ALGO is delisted: it is retired, and its idle split (on the reader it
 * shares with LINK) holds back no hour of the others.
 */
class UniverseWhileRunningIT {

    static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = FlinkTestEnvironment.miniCluster(
            METRICS.addToConfiguration(new Configuration()));

    static final long MINUTE = 60_000L;
    static final String ALGO = "ALGO/USDT";
    static final String DOT = "DOT/USDT";
    static final String LINK = "LINK/USDT";
    /**
     * Minutes 0-104 are history when the job starts. Few live minutes: the reader's fetcher
     * notices a jump of the simulated clock only when its wait (up to a second) ends.
     */
    static final int BACKFILL = 105;
    static final int LISTED = 110;
    static final int DELISTED = 113;
    /** The last minute the test closes: hour 1 (minutes 60-119) is over, and a little more. */
    static final int LAST = 121;

    @TempDir
    Path dir;

    @Test
    void aListingJoinsAtTheLiveEdgeOnceAndADelistingHoldsBackNoHour() throws Exception {
        long began = System.nanoTime();
        Map<String, List<Candle>> market = Map.of(ALGO, minutes("ALGO"), DOT, minutes("DOT"),
                LINK, minutes("LINK"));
        long start = market.get(ALGO).get(0).openTime();
        Path db = dir.resolve("universe.db");
        try (FakeBinance spot = new FakeBinance(); SimulatedClock clock = new SimulatedClock(
                closeOf(start, BACKFILL - 1))) {
            spot.candles(ALGO, market.get(ALGO));
            spot.weightClock(clock);
            spot.publishUntil(start + BACKFILL * MINUTE);
            RegimeflowConfig config = config(start, spot, db);
            SchemaMigrator.migrate(PipelineSinksFactory.jdbcSettings(config));
            // The universe as the job resolved it at start (ALGO), read again every second: the
            // configuration's refresh is at least a minute of wall time, too slow for a test.
            ExchangeSourceSettings settings = MarketSources.binanceSettings(config,
                    Instant.ofEpochMilli(clock.getAsLong())).toBuilder()
                    .universe(new SymbolUniverse("USDT", null, Duration.ofSeconds(1))).build();
            StreamExecutionEnvironment env = ExecutionEnvironmentFactory.create(config, false);
            RegimeflowPipeline.build(env, new MarketInput(new ExchangeSource(settings, clock),
                    ExchangeSource.watermarks(), false), AnalysisSettingsFactory.create(config),
                    PipelineSinksFactory.create(config, Optional.empty()));
            JobClient job = env.executeAsync("universe-while-running");
            long algoAtRetirement;
            try {
                // Hour 0 closes only if the reader without a split says it is idle.
                Await.until("ALGO's hour 0 in the database", Await.PATIENT,
                        () -> hourRows(db, ALGO) == 1, () -> hourRows(db, ALGO) + " rows, "
                                + emitted(ALGO) + " minutes of ALGO emitted");
                int minute = BACKFILL;
                for (; minute < LISTED; minute++) {
                    close(spot, clock, start, minute);
                    awaitMinutes(ALGO, minute + 1);
                }
                spot.candles(DOT, market.get(DOT)).candles(LINK, market.get(LINK));
                // Listed in minute 110: from minute 60, the hour they joined in.
                awaitMinutes(DOT, LISTED - 60);
                awaitMinutes(LINK, LISTED - 60);
                for (; minute < DELISTED; minute++) {
                    close(spot, clock, start, minute);
                    for (String s : List.of(ALGO, DOT, LINK)) {
                        awaitMinutes(s, minute + 1 - (s.equals(ALGO) ? 0 : 60));
                    }
                }
                spot.delisted(ALGO, true);
                Await.until("ALGO retired", Await.PATIENT,
                        () -> counter("", "universeSymbolsRetired") == 1,
                        () -> counter("", "universeSymbolsRetired") + " retired");
                algoAtRetirement = emitted(ALGO);
                for (; minute <= LAST; minute++) {
                    close(spot, clock, start, minute);
                    awaitMinutes(DOT, minute + 1 - 60);
                    awaitMinutes(LINK, minute + 1 - 60);
                }
                Await.until("hour 1 of DOT and LINK in the database", Await.PATIENT,
                        () -> hourRows(db, DOT) == 1 && hourRows(db, LINK) == 1,
                        () -> hourRows(db, DOT) + " of DOT, " + hourRows(db, LINK) + " of LINK");
            } finally {
                job.cancel().get();
            }
            for (String s : List.of(DOT, LINK)) {
                // Exactly the minutes 60-119 the exchange has: none twice, none missing, and
                // no hour 0 although the exchange serves it (not backfilled: it would be late).
                assertThat(BinanceJobIT.rows(db, "SELECT open_time, open, high, low, close, "
                        + "volume, trades, count FROM candles WHERE interval = '1h' AND "
                        + "symbol = '" + s + "'")).as("the hours of %s", s).containsExactly(
                                BinanceJobIT.hour(market.get(s).subList(60, 120)));
                assertThat(emitted(s)).as("minutes of %s emitted", s).isEqualTo(LAST + 1 - 60);
            }
            assertThat(emitted(ALGO)).as("ALGO's minutes after its retirement")
                    .isEqualTo(algoAtRetirement);
            assertThat(counter("", "lateRecords")).as("late records").isZero();
            assertThat(counter("", "numLateRecordsDropped")).as("late records dropped").isZero();
            assertThat(counter("", "recordsNotEmittedAgain")).as("records given twice").isZero();
            assertThat(counter("", "universeSymbolsListed")).as("symbols listed").isEqualTo(2);
            System.out.printf("UniverseWhileRunningIT: %d live minutes, 2 listed, 1 retired: "
                    + "%.1f s%n", LAST + 1 - BACKFILL, (System.nanoTime() - began) / 1e9);
        }
    }

    /** The first three hours of a coin's real minutes of 2026-02 (they begin at 00:00). */
    static List<Candle> minutes(String coin) {
        return BinanceKlineCsv.read(coin + "USDT-1m-2026-02.csv.gz", coin + "/USDT")
                .subList(0, 180);
    }

    RegimeflowConfig config(long start, FakeBinance spot, Path db) throws Exception {
        Files.writeString(dir.resolve("universe.yaml"), String.format("""
                symbols: [%s]
                source:
                  type: binance
                  start: %s
                binance:
                  spot-url: %s
                  live: rest
                  depth: false
                  funding: false
                  liquidations: false
                job:
                  parallelism: 2
                sinks:
                  jdbc:
                    url: jdbc:sqlite:%s
                dashboard:
                  enabled: false
                """, ALGO, Instant.ofEpochMilli(start), spot.baseUrl(), db));
        return ConfigLoader.load(CommandLine.parse("--config", "universe.yaml"), Map.of(), dir);
    }

    /** Just after minute {@code m} closed and the poll delay (2 s) passed: its poll is due. */
    static long closeOf(long start, int m) {
        return start + (m + 1) * MINUTE + 2_100;
    }

    /** Minute {@code m} closes: the exchange publishes it, the clock passes its poll. */
    static void close(FakeBinance spot, SimulatedClock clock, long start, int m) {
        spot.publishUntil(start + (m + 1) * MINUTE);
        clock.set(closeOf(start, m));
    }

    static void awaitMinutes(String symbol, int minutes) throws Exception {
        Await.until(minutes + " minutes of " + symbol + " emitted", Await.PATIENT,
                () -> emitted(symbol) >= minutes, () -> emitted(symbol) + " emitted");
    }

    static long emitted(String symbol) {
        return counter("klines-" + symbol, "recordsEmitted");
    }

    /** The sum of the counters {@code name} of the groups whose identifier holds {@code part}. */
    static long counter(String part, String name) {
        return ReportedCounters.sum(METRICS, part, name);
    }

    /** The 1h rows of {@code symbol} written so far; -1 while the database cannot be read. */
    static int hourRows(Path db, String symbol) {
        try {
            return Integer.parseInt(BinanceJobIT.rows(db, "SELECT COUNT(*) FROM candles WHERE "
                    + "interval = '1h' AND symbol = '" + symbol + "'").get(0).get(0));
        } catch (Exception e) {
            return -1;
        }
    }
}
