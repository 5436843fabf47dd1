package io.regimeflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.model.Candle;
import io.regimeflow.model.FundingSettlement;
import io.regimeflow.testkit.BinanceKlineCsv;
import io.regimeflow.testkit.FakeBinance;
import io.regimeflow.testkit.FakeBinanceStream;
import io.regimeflow.testkit.FakeDerivativesVenues;
import io.regimeflow.testkit.FlinkTestEnvironment;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job on {@code --source binance}, from its command line, against fake Binance hosts
 * on loopback that serve real 1m klines (shared/data) with faults: the hourly candles it writes
 * must be exactly those the real minutes make, and every closed hour must have its snapshot with
 * the funding the futures host settled.
 */
class BinanceJobIT {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = FlinkTestEnvironment.miniCluster();

    static final long MINUTE = 60_000L;
    static final long HOUR = 3_600_000L;

    @TempDir
    Path dir;

    @Test
    void aBoundedBinanceRunWritesTheHoursTheRealMinutesMake() throws Exception {
        List<String> symbols = List.of("ALGO/USDT", "AVAX/USDT");
        Map<String, List<Candle>> market = Map.of(
                "ALGO/USDT", BinanceKlineCsv.read("ALGOUSDT-1m-2024-02.csv.gz", "ALGO/USDT")
                        .subList(0, 30 * 60),
                "AVAX/USDT", BinanceKlineCsv.read("AVAXUSDT-1m-2024-02.csv.gz", "AVAX/USDT")
                        .subList(0, 30 * 60));
        long start = market.get("ALGO/USDT").get(0).openTime();
        long end = start + 30 * HOUR;
        Path db = dir.resolve("binance.db");
        try (FakeBinance spot = new FakeBinance(); FakeBinance futures = new FakeBinance();
                FakeBinanceStream stream = new FakeBinanceStream()) {
            for (String s : symbols) {
                spot.candles(s, market.get(s));
                List<FundingSettlement> f = new ArrayList<>();
                for (long t = start; t < end; t += 8 * HOUR) {
                    f.add(new FundingSettlement(s, "binance-usdm", t,
                            new BigDecimal("0.00010").add(BigDecimal.valueOf(f.size(), 5)), 8,
                            null));
                }
                futures.funding(s, f);
            }
            spot.publishUntil(end);
            spot.inject("/api/v3/klines", FakeBinance.rateLimited(1),
                    new FakeBinance.Truncated(), FakeBinance.serverError(),
                    new FakeBinance.DuplicatedAndShuffled());
            Files.writeString(dir.resolve("binance.yaml"), String.format("""
                    symbols: [ALGO/USDT, AVAX/USDT]
                    source:
                      type: binance
                      start: %s
                      end: %s
                    binance:
                      spot-url: %s
                      request-timeout: 2s
                    derivatives:
                      rest-url: %s
                      websocket-url: %s
                    job:
                      parallelism: 2
                    sinks:
                      jdbc:
                        url: jdbc:sqlite:%s
                    """, Instant.ofEpochMilli(start), Instant.ofEpochMilli(end),
                    spot.baseUrl(), futures.baseUrl(), stream.baseUrl(), db));
            CliRun cli = new CliRun(dir);
            assertThat(cli.run("--config", "binance.yaml")).as(cli.err()).isZero();
            assertThat(spot.pendingFaults("/api/v3/klines")).isZero();
        }

        for (String s : symbols) {
            List<List<String>> expected = new ArrayList<>();
            List<Candle> minutes = market.get(s);
            for (int h = 0; h < 30; h++) {
                expected.add(hour(minutes.subList(h * 60, h * 60 + 60)));
            }
            assertThat(rows(db, "SELECT open_time, open, high, low, close, volume, trades, "
                    + "count FROM candles WHERE interval = '1h' AND symbol = '" + s + "' "
                    + "ORDER BY open_time")).as("1h candles of %s", s).isEqualTo(expected);
            List<List<String>> snapshots = rows(db, "SELECT snapshot_time, "
                    + "json_extract(data, '$.funding.funding_rate') FROM feature_snapshots "
                    + "WHERE symbol = '" + s + "' ORDER BY snapshot_time");
            assertThat(snapshots).hasSize(30);
            assertThat(snapshots.get(29).get(0)).isEqualTo(String.valueOf(end));
            // Settled at 0h, 8h, 16h, 24h: the last hour carries the 24h settlement.
            assertThat(snapshots.get(29).get(1)).isEqualTo("0.00013");
        }
    }

    /** A bounded run of {@code days} of real ALGO minutes, funding from {@code derivatives}. */
    CliRun runAlgo(int days, FakeBinance spot, String derivatives, Path db) throws Exception {
        List<Candle> minutes = BinanceKlineCsv.read("ALGOUSDT-1m-2024-02.csv.gz", "ALGO/USDT")
                .subList(0, days * 24 * 60);
        long start = minutes.get(0).openTime();
        spot.candles("ALGO/USDT", minutes);
        spot.publishUntil(start + days * 24 * HOUR);
        Files.writeString(dir.resolve("algo.yaml"), String.format("""
                symbols: [ALGO/USDT]
                source:
                  type: binance
                  start: %s
                  end: %s
                binance:
                  spot-url: %s
                  request-timeout: 2s
                %s
                sinks:
                  jdbc:
                    url: jdbc:sqlite:%s
                dashboard:
                  enabled: false
                """, Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + days * 24 * HOUR),
                spot.baseUrl(), derivatives, db));
        CliRun cli = new CliRun(dir);
        assertThat(cli.run("--config", "algo.yaml")).as(cli.err()).isZero();
        return cli;
    }

    @Test
    void bybitFundingMovingFromEightToFourHoursRaisesNoAnomalyByItself() throws Exception {
        long start = BinanceKlineCsv.read("ALGOUSDT-1m-2024-02.csv.gz", "ALGO/USDT").get(0)
                .openTime();
        // The same hourly rate throughout (with a little noise), paid 8-hourly for 10 days,
        // then 4-hourly: the raw rate halves at the switch, the hourly one does not move. Each
        // settlement pays for the hours since the one before it.
        List<FundingSettlement> series = new ArrayList<>();
        long previous = start - 8 * HOUR;
        for (int i = 0; previous < start + 20 * 24 * HOUR; i++) {
            long t = previous + (previous < start + 10 * 24 * HOUR ? 8 : 4) * HOUR;
            int interval = (int) ((t - previous) / HOUR);
            double hourly = 0.00001 * (1 + 0.02 * Math.sin(i));
            series.add(new FundingSettlement("ALGO/USDT", "bybit", t,
                    BigDecimal.valueOf(hourly * interval).setScale(10,
                            RoundingMode.HALF_UP), interval, null));
            previous = t;
        }
        Path db = dir.resolve("bybit.db");
        try (FakeBinance spot = new FakeBinance();
                FakeDerivativesVenues venues = new FakeDerivativesVenues()) {
            venues.funding("ALGO/USDT", series);
            runAlgo(20, spot, String.format("""
                    derivatives:
                      venue: bybit
                      rest-url: %s
                    """, venues.baseUrl()), db);
        }
        List<List<String>> funding = rows(db, "SELECT json_extract(data, '$.funding.venue'), "
                + "json_extract(data, '$.funding.interval_hours'), "
                + "json_extract(data, '$.funding.extreme_level') FROM feature_snapshots "
                + "WHERE json_extract(data, '$.funding') IS NOT NULL ORDER BY snapshot_time");
        assertThat(funding).isNotEmpty();
        assertThat(funding).extracting(r -> r.get(0)).containsOnly("bybit");
        assertThat(funding.get(0).get(1)).isEqualTo("8");
        assertThat(funding.get(funding.size() - 1).get(1)).isEqualTo("4");
        assertThat(funding.get(funding.size() - 1).get(2)).isEqualTo("NORMAL");
        assertThat(rows(db, "SELECT COUNT(*) FROM market_events WHERE event_type = "
                + "'FUNDING_ANOMALY'")).containsExactly(List.of("0"));
    }

    @Test
    void aVenueRefusingTheRegionIsSaidInOneLineAndTheSpotAnalysesGoOn() throws Exception {
        Path db = dir.resolve("refused.db");
        try (FakeBinance spot = new FakeBinance(); FakeBinance futures = new FakeBinance()) {
            // What fapi.binance.com answers a US IP.
            futures.script("/fapi/v1/fundingRate", new FakeBinance.Answer(451, Map.of(),
                    "{\"code\":0,\"msg\":\"Service unavailable from a restricted location "
                            + "according to 'b. Eligibility' in https://www.binance.com/en/terms. "
                            + "Please contact customer service if you believe you received this "
                            + "message in error.\"}", 0));
            CliRun cli = runAlgo(2, spot, String.format("""
                    derivatives:
                      rest-url: %s
                    """, futures.baseUrl()), db);
            List<String> said = cli.err().lines().filter(l -> l.contains("HTTP 451")).toList();
            assertThat(said).containsExactly("regimeflow: derivatives venue binance-usdm "
                    + "(127.0.0.1) answered HTTP 451: it does not serve this region, so there is "
                    + "no funding and no liquidations; the spot analyses go on. Set "
                    + "derivatives.venue to one that serves you (bybit, okx or hyperliquid).");
        }
        assertThat(rows(db, "SELECT COUNT(*), COUNT(json_extract(data, '$.funding')) FROM "
                + "feature_snapshots")).containsExactly(List.of("48", "0"));
        assertThat(rows(db, "SELECT COUNT(*) FROM candles WHERE interval = '1h'"))
                .containsExactly(List.of("48"));
    }

    /**
     * SHIB/USDT on Bybit reads SHIB1000USDT, the contract Bybit lists; ALGO/USDT, which this
     * venue lists no perpetual for, is said once at start and never asked for. SHIB's funding
     * used to be asked of SHIBUSDT, refused, and the start-up check said nothing.
     */
    @Test
    void eachSymbolReadsTheVenuesOwnPerpetualAndOneWithoutIsSaidOnceAtStart() throws Exception {
        List<Candle> algo = BinanceKlineCsv.read("ALGOUSDT-1m-2024-02.csv.gz", "ALGO/USDT")
                .subList(0, 2 * 24 * 60);
        List<Candle> shib = algo.stream().map(c -> new Candle("SHIB/USDT", c.openTime(),
                c.open(), c.high(), c.low(), c.close(), c.volume(), c.quoteVolume(), c.trades(),
                c.takerBuyBase(), c.takerBuyQuote())).toList();
        long start = algo.get(0).openTime();
        long end = start + 48 * HOUR;
        List<FundingSettlement> funding = new ArrayList<>();
        for (long t = start; t < end; t += 8 * HOUR) {
            funding.add(new FundingSettlement("SHIB/USDT", "bybit", t, new BigDecimal("0.0001"),
                    8, null));
        }
        Path db = dir.resolve("shib.db");
        List<String> requests;
        CliRun cli = new CliRun(dir);
        try (FakeBinance spot = new FakeBinance();
                FakeDerivativesVenues venues = new FakeDerivativesVenues()) {
            spot.candles("ALGO/USDT", algo).candles("SHIB/USDT", shib);
            spot.publishUntil(end);
            venues.funding("SHIB/USDT", funding).unlist("ALGO/USDT");
            Files.writeString(dir.resolve("shib.yaml"), String.format("""
                    symbols: [SHIB/USDT, ALGO/USDT]
                    source:
                      type: binance
                      start: %s
                      end: %s
                    binance:
                      spot-url: %s
                      request-timeout: 2s
                    derivatives:
                      venue: bybit
                      rest-url: %s
                    job:
                      parallelism: 2
                    sinks:
                      jdbc:
                        url: jdbc:sqlite:%s
                    dashboard:
                      enabled: false
                    """, Instant.ofEpochMilli(start), Instant.ofEpochMilli(end),
                    spot.baseUrl(), venues.baseUrl(), db));
            assertThat(cli.run("--config", "shib.yaml")).as(cli.err()).isZero();
            requests = venues.requests();
        }
        assertThat(cli.err().lines().filter(l -> l.contains("perpetual")).toList())
                .containsExactly("regimeflow: warning: derivatives venue bybit (127.0.0.1) lists "
                        + "no perpetual for ALGO/USDT: no funding and no liquidations for it; "
                        + "the other symbols and the spot analyses go on");
        assertThat(requests).noneMatch(r -> r.contains("ALGO"))
                .anyMatch(r -> r.contains("symbol=SHIB1000USDT&"));
        assertThat(rows(db, "SELECT symbol, COUNT(*), COUNT(json_extract(data, '$.funding')) "
                + "FROM feature_snapshots GROUP BY symbol ORDER BY symbol")).hasSize(2)
                .contains(List.of("ALGO/USDT", "48", "0"))
                .anyMatch(r -> r.get(0).equals("SHIB/USDT") && r.get(1).equals("48")
                        && Integer.parseInt(r.get(2)) > 0);
        // How many hours carry it depends on when a settlement arrives (it goes into the next
        // snapshot); the last hour carries the last one, as Bybit settled it.
        assertThat(rows(db, "SELECT json_extract(data, '$.funding.venue'), "
                + "json_extract(data, '$.funding.funding_rate') FROM feature_snapshots WHERE "
                + "symbol = 'SHIB/USDT' ORDER BY snapshot_time DESC LIMIT 1"))
                .containsExactly(List.of("bybit", "0.0001"));
    }

    /** The 1h candle of 60 real minutes, as spec §1 defines it, with exact sums. */
    static List<String> hour(List<Candle> m) {
        BigDecimal high = m.get(0).high();
        BigDecimal low = m.get(0).low();
        BigDecimal volume = BigDecimal.ZERO;
        long trades = 0;
        for (Candle c : m) {
            high = high.max(c.high());
            low = low.min(c.low());
            volume = volume.add(c.volume());
            trades += c.trades();
        }
        return List.of(String.valueOf(m.get(0).openTime()), m.get(0).open().toPlainString(),
                high.toPlainString(), low.toPlainString(), m.get(59).close().toPlainString(),
                volume.toPlainString(), String.valueOf(trades), "60");
    }

    static List<List<String>> rows(Path db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            return TableRows.of(c, sql);
        }
    }
}
