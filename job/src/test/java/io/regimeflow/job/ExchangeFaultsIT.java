package io.regimeflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.job.summary.RunFigures;
import io.regimeflow.model.Candle;
import io.regimeflow.model.FundingSettlement;
import io.regimeflow.testkit.BinanceKlineCsv;
import io.regimeflow.testkit.FakeBinance;
import io.regimeflow.testkit.FakeBinanceStream;
import io.regimeflow.testkit.FlinkTestEnvironment;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job on {@code --source binance} against a fake exchange that misbehaves as real ones
 * do: minutes it never has (the job goes on past them, marks their hour incomplete and loses
 * nothing after them, spec §1), slow answers, symbols it does not trade.
 */
class ExchangeFaultsIT {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = FlinkTestEnvironment.miniCluster(
            RunFigures.reporterConfiguration());

    static final long MINUTE = 60_000L;
    static final long HOUR = 3_600_000L;

    @TempDir
    Path dir;

    /**
     * The command line on {@code --source binance} against the fakes, every other setting at its
     * default; it must succeed.
     *
     * @return the run, with what it printed
     */
    CliRun runBinance(List<String> symbols, FakeBinance spot, FakeBinance futures,
            FakeBinanceStream stream, Path db, String start, String end) throws Exception {
        Files.writeString(dir.resolve("binance.yaml"), String.format("""
                symbols: %s
                source:
                  type: binance
                binance:
                  spot-url: %s
                derivatives:
                  rest-url: %s
                  websocket-url: %s
                sinks:
                  jdbc:
                    url: jdbc:sqlite:%s
                """, symbols, spot.baseUrl(), futures.baseUrl(), stream.baseUrl(), db));
        CliRun cli = new CliRun(dir);
        assertThat(cli.run("--config", "binance.yaml", "--start", start, "--end", end))
                .as(cli.err()).isZero();
        return cli;
    }

    /**
     * Three hours of real FIL minutes with 01:00-01:02 absent for good, at the default
     * parallelism (2): the empty answers to the repair of the hole must not let event time run
     * past the minutes that follow it.
     */
    @Test
    void aHoleTheExchangeNeverFillsLeavesAnIncompleteHourAndLosesNothingAfterIt()
            throws Exception {
        List<Candle> minutes = BinanceKlineCsv.read("FILUSDT-1m-2023-04.csv.gz", "FIL/USDT")
                .subList(0, 3 * 60);
        long start = Instant.parse("2023-04-01T00:00:00Z").toEpochMilli();
        assertThat(minutes.get(0).openTime()).isEqualTo(start);
        List<Candle> served = minutes.stream().filter(c -> c.openTime() < start + HOUR
                || c.openTime() >= start + HOUR + 3 * MINUTE).toList();
        Path db = dir.resolve("gap.db");
        try (FakeBinance spot = new FakeBinance(); FakeBinance futures = new FakeBinance();
                FakeBinanceStream stream = new FakeBinanceStream()) {
            spot.candles("FIL/USDT", served);
            spot.publishUntil(start + 3 * HOUR);
            runBinance(List.of("FIL/USDT"), spot, futures, stream, db, "2023-04-01",
                    "2023-04-01T03:00:00Z");
        }
        assertThat(BinanceJobIT.rows(db, "SELECT open_time, count, complete FROM candles "
                + "WHERE interval = '1h' ORDER BY open_time")).containsExactly(
                List.of(String.valueOf(start), "60", "1"),
                List.of(String.valueOf(start + HOUR), "57", "0"),
                List.of(String.valueOf(start + 2 * HOUR), "60", "1"));
    }

    /**
     * A bounded run ends with what the exchange did, per symbol (issue 15 item 9): FIL's three
     * minutes the exchange never has and the rows it sent twice, a symbol it does not list
     * (klines and funding refused), and no record late.
     */
    @Test
    void theEndOfRunSummarySaysWhatTheExchangeDidPerSymbol() throws Exception {
        List<Candle> minutes = BinanceKlineCsv.read("FILUSDT-1m-2023-04.csv.gz", "FIL/USDT")
                .subList(0, 3 * 60);
        long start = minutes.get(0).openTime();
        List<Candle> served = minutes.stream().filter(c -> c.openTime() < start + HOUR
                || c.openTime() >= start + HOUR + 3 * MINUTE).toList();
        CliRun run;
        try (FakeBinance spot = new FakeBinance(); FakeBinance futures = new FakeBinance();
                FakeBinanceStream stream = new FakeBinanceStream()) {
            spot.candles("FIL/USDT", served);
            spot.publishUntil(start + 3 * HOUR);
            spot.inject("/api/v3/klines", new FakeBinance.DuplicatedAndShuffled());
            futures.funding("FIL/USDT", List.of(new FundingSettlement("FIL/USDT",
                    "binance-usdm", start, new BigDecimal("0.0001"), 8, null)));
            run = runBinance(List.of("FIL/USDT", "NOPE/USDT"), spot, futures, stream,
                    dir.resolve("summary.db"), "2023-04-01", "2023-04-01T03:00:00Z");
            assertThat(spot.pendingFaults("/api/v3/klines")).isZero();
        }
        List<String> lines = run.out().lines().toList();
        assertThat(lines).as(run.out()).contains(
                "regimeflow: from the exchange, 2023-04-01T00:00:00Z to 2023-04-01T03:00:00Z "
                        + "(180 minutes per symbol):",
                "  symbol       1m candles  missing  irregular  duplicates  funding   late  "
                        + "refused",
                "  FIL/USDT            177        3          0         177        1      0  -",
                "  NOPE/USDT             0      180          0           0        0      0  "
                        + "funding,klines",
                "regimeflow: FIL/USDT: 3 of 180 minutes are not at the exchange; the candles "
                        + "that would hold them are written with complete=false",
                "regimeflow: NOPE/USDT: the exchange refused its funding and klines (the log's "
                        + "ERROR line says why)");
        assertThat(run.out()).doesNotContain("after the watermark", "restarted");
    }

    /**
     * Two symbols, two days, an exchange answering every request in 450 ms (a distant host),
     * funding on: every hour must be built. The funding splits, polled only once the klines were
     * done, used to mark themselves idle, the source ended idle, and no window ever fired.
     */
    @Test
    void aSlowExchangeStillGivesEveryHour() throws Exception {
        List<String> symbols = List.of("FIL/USDT", "ALGO/USDT");
        long start = Instant.parse("2024-02-01T00:00:00Z").toEpochMilli();
        Path db = dir.resolve("slow.db");
        try (FakeBinance spot = new FakeBinance(); FakeBinance futures = new FakeBinance();
                FakeBinanceStream stream = new FakeBinanceStream()) {
            spot.candles("ALGO/USDT", BinanceKlineCsv.read("ALGOUSDT-1m-2024-02.csv.gz",
                    "ALGO/USDT").subList(0, 2 * 24 * 60));
            spot.candles("FIL/USDT", BinanceKlineCsv.read("FILUSDT-1m-2024-02.csv.gz",
                    "FIL/USDT").subList(0, 2 * 24 * 60));
            spot.publishUntil(start + 48 * HOUR);
            spot.latency(450);
            futures.latency(450);
            runBinance(symbols, spot, futures, stream, db, "2024-02-01", "2024-02-03");
        }
        for (String s : symbols) {
            assertThat(BinanceJobIT.rows(db, "SELECT COUNT(*) FROM candles WHERE interval = "
                    + "'1h' AND symbol = '" + s + "' AND count = 60")).as(s)
                    .containsExactly(List.of("48"));
        }
    }

    /**
     * A live run on a configured symbol the exchange does not list, and one it lists but does
     * not trade: the run stops before anything starts, exit status 2, one line naming both.
     */
    @Test
    void symbolsTheExchangeDoesNotTradeStopTheRunWithOneLine() throws Exception {
        try (FakeBinance spot = new FakeBinance()) {
            spot.candles("ALGO/USDT", BinanceKlineCsv.read("ALGOUSDT-1m-2024-02.csv.gz",
                    "ALGO/USDT").subList(0, 60));
            spot.candles("FIL/USDT", BinanceKlineCsv.read("FILUSDT-1m-2024-02.csv.gz",
                    "FIL/USDT").subList(0, 60));
            spot.status("FIL/USDT", "BREAK");
            CliRun cli = new CliRun(dir);
            assertThat(cli.run("--source", "binance", "--binance.spot-url",
                    spot.baseUrl().toString(), "--symbols", "ALGO/USDT,NOPE/USDT,FIL/USDT",
                    "--start", "2024-02-01", "--db",
                    "jdbc:sqlite:" + dir.resolve("untraded.db"))).isEqualTo(2);
            assertThat(cli.err().strip().split("\\R")).containsExactly("regimeflow: config "
                    + "error: symbols = [ALGO/USDT, NOPE/USDT, FIL/USDT]: NOPE/USDT is not "
                    + "traded on 127.0.0.1 (not listed), FIL/USDT is not traded on 127.0.0.1 "
                    + "(status BREAK); expected symbols its GET /api/v3/exchangeInfo lists as "
                    + "TRADING");
            assertThat(cli.out()).isEmpty();
        }
        assertThat(dir.resolve("untraded.db")).as("nothing started").doesNotExist();
    }

    /**
     * A bounded run whose exchange gives no answer at all (nothing listens on its port) ends
     * after {@code binance.give-up-after} with exit status 1 and a line naming the host and the
     * cause; before, it asked again every 30 s for ever. Funding off: only the spot host is asked.
     */
    @Test
    void aBoundedRunWhoseExchangeNeverAnswersGivesUpWithExit1() throws Exception {
        ServerSocket closed = new ServerSocket(0);
        String nobody = "http://127.0.0.1:" + closed.getLocalPort();
        closed.close();
        CliRun cli = new CliRun(dir);
        assertThat(cli.run("--source", "binance", "--binance.spot-url", nobody,
                "--binance.funding", "false", "--binance.give-up-after", "3s",
                "--symbols", "ALGO/USDT", "--start", "2024-02-01", "--end", "2024-02-02",
                "--db", "jdbc:sqlite:" + dir.resolve("nobody.db"))).as(cli.out()).isEqualTo(1);
        assertThat(cli.err()).contains("regimeflow: job failed: 127.0.0.1 has given no answer "
                + "for ", "connection refused", "a bounded run gives up after "
                + "binance.give-up-after (3 s)");
        assertThat(cli.out()).doesNotContain("finished");
    }
}
