package io.regimeflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.job.summary.RunFigures;
import io.regimeflow.model.Candle;
import io.regimeflow.model.FundingSettlement;
import io.regimeflow.testkit.BinanceFundingCsv;
import io.regimeflow.testkit.BinanceKlineCsv;
import io.regimeflow.testkit.FakeBinance;
import io.regimeflow.testkit.FakeBinanceStream;
import io.regimeflow.testkit.FlinkTestEnvironment;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
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

    /** Every metric of every job run here, kept after the job ends. */
    static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = FlinkTestEnvironment.miniCluster(
            METRICS.addToConfiguration(RunFigures.reporterConfiguration()));

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
            FakeBinanceStream stream, Path db, String start, String end, String... more)
            throws Exception {
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
        List<String> args = new ArrayList<>(List.of("--config", "binance.yaml", "--start", start,
                "--end", end));
        args.addAll(List.of(more));
        assertThat(cli.run(args.toArray(String[]::new))).as(cli.err()).isZero();
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

    /** The symbols, day and defects of the acceptance run of issue 15. */
    static final List<String> SYMBOLS = List.of("ALGO/USDT", "AVAX/USDT", "FIL/USDT");
    static final long DAY = Instant.parse("2026-02-01T00:00:00Z").toEpochMilli();
    /** Two days: ALGO's funding turns positive after three negative settlements (an event). */
    static final int DAYS = 2;
    /** AVAX 10:00-10:02: the exchange never has these three minutes, in either run. */
    static final String HOLE_SYMBOL = "AVAX/USDT";
    static final long HOLE = DAY + 10 * HOUR;
    /** FIL 05:30-05:44: left out of the first two answers that cover it (the faulty run only). */
    static final String MISSING_SYMBOL = "FIL/USDT";
    static final long MISSING_FROM = DAY + 5 * HOUR + 30 * MINUTE;
    static final long MISSING_TO = MISSING_FROM + 15 * MINUTE;

    /** One run of the job: its database, its job id, how long it took. */
    record Run(Path db, String jobId, long millis) {}

    /**
     * Issue 15's acceptance: two days of three symbols' real minutes and their real funding,
     * served by a fake exchange answering in 300-500 ms, with a 3-minute hole it never fills, at
     * parallelism 2, run twice: once as it is, once with the faults real exchanges give (429 with
     * Retry-After, 500, a truncated body, duplicated and shuffled rows, a range left out of the
     * first two answers that cover it, CloudFront's 403), on the spot and on the futures host.
     * Every table the job writes must be the same row for row, the hole's hour 57 minutes and
     * incomplete, every snapshot carrying the last settlement before its end, and no record late
     * (the jobs' own metrics).
     */
    @Test
    void theFaultsOfAnExchangeChangeNothingTheJobWrites() throws Exception {
        Map<String, List<Candle>> minutes = new LinkedHashMap<>();
        Map<String, List<FundingSettlement>> funding = new LinkedHashMap<>();
        for (String s : SYMBOLS) {
            String file = s.replace("/", "");
            List<Candle> day = BinanceKlineCsv.read(file + "-1m-2026-02.csv.gz", s)
                    .subList(0, DAYS * 24 * 60);
            assertThat(day.get(0).openTime()).isEqualTo(DAY);
            minutes.put(s, day.stream().filter(c -> !s.equals(HOLE_SYMBOL)
                    || c.openTime() < HOLE || c.openTime() >= HOLE + 3 * MINUTE).toList());
            funding.put(s, BinanceFundingCsv.read(file + "-funding-2026-02.csv", s).stream()
                    .filter(f -> f.fundingTime() < DAY + (DAYS + 1) * 24 * HOUR).toList());
            assertThat(funding.get(s)).filteredOn(f -> f.fundingTime() < DAY + DAYS * 24 * HOUR)
                    .as("settlements of %s in the run", s).hasSize(3 * DAYS);
        }

        Run reference = runDay("reference", minutes, funding, (spot, futures) -> {});
        Run faulty = runDay("faults", minutes, funding, (spot, futures) -> {
            spot.inject(KLINES, FakeBinance.klinesCovering(MISSING_SYMBOL, MISSING_FROM,
                    MISSING_TO), new FakeBinance.MissingRange(MISSING_FROM, MISSING_TO),
                    new FakeBinance.MissingRange(MISSING_FROM, MISSING_TO));
            // The first page of ALGO: a thousand rows, each twice, in reverse order.
            spot.inject(KLINES, FakeBinance.of("ALGO/USDT"),
                    new FakeBinance.DuplicatedAndShuffled());
            spot.inject(KLINES, FakeBinance.rateLimited(1), FakeBinance.serverError(),
                    new FakeBinance.Truncated(), FakeBinance.firewallBlocked());
            // The readers' requests, not the start-up probe of the venue (a day before now).
            futures.inject(FUNDING, q -> Long.parseLong(q.get("startTime"))
                    < DAY + DAYS * 24 * HOUR, FakeBinance.rateLimited(1), FakeBinance.serverError(),
                    new FakeBinance.Truncated(), new FakeBinance.DuplicatedAndShuffled(),
                    FakeBinance.firewallBlocked());
        });
        System.out.printf("issue 15 acceptance: reference run %d ms, run with faults %d ms%n",
                reference.millis(), faulty.millis());

        // Every table, row for row; only schema_version.applied_at is a wall-clock time.
        try (Connection ref = DriverManager.getConnection("jdbc:sqlite:" + reference.db());
                Connection got = DriverManager.getConnection("jdbc:sqlite:" + faulty.db())) {
            String tables = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            List<List<String>> names = TableRows.of(ref, tables);
            assertThat(TableRows.of(got, tables)).isEqualTo(names);
            assertThat(names).extracting(r -> r.get(0)).contains("candles", "feature_snapshots",
                    "market_events", "schema_version");
            for (List<String> name : names) {
                String table = name.get(0);
                if (table.equals("schema_version")) {
                    String sql = "SELECT version, description FROM schema_version ORDER BY 1";
                    assertThat(TableRows.of(got, sql)).isEqualTo(TableRows.of(ref, sql));
                    continue;
                }
                List<List<String>> expected = TableRows.sorted(ref, table);
                List<List<String>> actual = TableRows.sorted(got, table);
                List<List<String>> onlyFaulty = new ArrayList<>(actual);
                onlyFaulty.removeAll(expected);
                List<List<String>> onlyReference = new ArrayList<>(expected);
                onlyReference.removeAll(actual);
                assertThat(onlyFaulty).as("table %s: %s rows of %s only in the run with faults, "
                        + "%s only in the run without; only without: %s", table,
                        onlyFaulty.size(), actual.size(), onlyReference.size(), onlyReference)
                        .isEmpty();
                assertThat(actual).as("table %s", table).isEqualTo(expected);
            }
            List<List<String>> counts = TableRows.of(ref, "SELECT (SELECT COUNT(*) FROM "
                    + "candles), (SELECT COUNT(*) FROM feature_snapshots), (SELECT COUNT(*) FROM "
                    + "market_events)");
            System.out.printf("issue 15 acceptance: equal tables: %s candles, %s snapshots, %s "
                    + "events%n", counts.get(0).get(0), counts.get(0).get(1), counts.get(0).get(2));
            assertThat(counts.get(0).get(2)).as("events to compare").isNotEqualTo("0");

            // The hole's hour: 57 minutes, incomplete; every other hour whole.
            assertThat(TableRows.of(got, "SELECT symbol, open_time, count, complete FROM "
                    + "candles WHERE interval = '1h' AND (count <> 60 OR complete = 0)"))
                    .containsExactly(List.of(HOLE_SYMBOL, String.valueOf(HOLE), "57", "0"));
            assertThat(TableRows.of(got, "SELECT COUNT(*) FROM candles WHERE interval = '1h'"))
                    .containsExactly(List.of(String.valueOf(SYMBOLS.size() * DAYS * 24)));

            // Each hour's snapshot carries the last settlement at or before its end.
            for (String s : SYMBOLS) {
                List<List<String>> expected = new ArrayList<>();
                for (long end = DAY + HOUR; end <= DAY + DAYS * 24 * HOUR; end += HOUR) {
                    FundingSettlement last = null;
                    for (FundingSettlement f : funding.get(s)) {
                        if (f.fundingTime() < end) {
                            last = f;
                        }
                    }
                    expected.add(List.of(String.valueOf(end), last == null ? "null"
                            : String.valueOf(last.fundingRate().doubleValue())));
                }
                assertThat(TableRows.of(got, "SELECT snapshot_time, "
                        + "COALESCE(json_extract(data, '$.funding.funding_rate'), 'null') FROM "
                        + "feature_snapshots WHERE symbol = '" + s + "' ORDER BY snapshot_time"))
                        .as("funding in the snapshots of %s", s)
                        .extracting(r -> List.of(r.get(0), r.get(1).equals("null") ? "null"
                                : String.valueOf(Double.parseDouble(r.get(1)))))
                        .isEqualTo(expected);
            }
        }

        // The faults were all served, and the job saw them.
        Map<String, Long> seen = counters(faulty.jobId());
        assertThat(sum(seen, "duplicateRows")).as("duplicate rows dropped: %s",
                named(seen, "duplicateRows")).isGreaterThanOrEqualTo(1000);
        assertThat(sum(seen, "malformedResponses")).as("bodies not read: %s",
                named(seen, "malformedResponses")).isGreaterThanOrEqualTo(2);
        assertThat(sum(seen, "rateLimitWaits")).as("429s and 403s waited out: %s",
                named(seen, "rateLimitWaits")).isGreaterThanOrEqualTo(4);
        for (Run run : List.of(reference, faulty)) {
            Map<String, Long> c = counters(run.jobId());
            // Only the hole is a gap: the range left out twice was asked for again and came.
            assertThat(sum(c, "gapsAccepted")).as("gaps accepted in %s: %s", run,
                    named(c, "gapsAccepted")).isOne();
            assertThat(sum(c, "missingMinutes")).as("missing minutes in %s: %s", run,
                    named(c, "missingMinutes")).isEqualTo(3);
            // No record late, wherever lateness is counted (counters that exist, all 0).
            for (String late : List.of("lateRecords", "numLateRecordsDropped")) {
                assertThat(named(c, late)).as("%s counters of %s", late, run).isNotEmpty();
                assertThat(sum(c, late)).as("%s in %s: %s", late, run, named(c, late)).isZero();
            }
            for (String none : List.of("rejectedInputs", "recordsNotEmittedAgain")) {
                assertThat(sum(c, none)).as("%s in %s: %s", none, run, named(c, none)).isZero();
            }
        }
    }

    static final String KLINES = "/api/v3/klines";
    static final String FUNDING = "/fapi/v1/fundingRate";

    /** Faults for the two hosts of a run. */
    @FunctionalInterface
    interface Faults {
        void inject(FakeBinance spot, FakeBinance futures);
    }

    /**
     * The days of {@link #SYMBOLS} through the command line at parallelism 2, the market on
     * fakes answering in 300-500 ms with {@code faults}; every fault must have been served.
     */
    Run runDay(String name, Map<String, List<Candle>> minutes,
            Map<String, List<FundingSettlement>> funding, Faults faults) throws Exception {
        Path db = dir.resolve(name + ".db");
        Set<String> before = jobIds();
        long started = System.nanoTime();
        try (FakeBinance spot = new FakeBinance(); FakeBinance futures = new FakeBinance();
                FakeBinanceStream stream = new FakeBinanceStream()) {
            minutes.forEach(spot::candles);
            funding.forEach(futures::funding);
            spot.publishUntil(DAY + DAYS * 24 * HOUR);
            spot.latency(300, 500);
            futures.latency(300, 500);
            faults.inject(spot, futures);
            runBinance(SYMBOLS, spot, futures, stream, db, Instant.ofEpochMilli(DAY).toString(),
                    Instant.ofEpochMilli(DAY + DAYS * 24 * HOUR).toString(),
                    "--parallelism", "2");
            assertThat(spot.pendingFaults(KLINES)).as("klines faults not served").isZero();
            assertThat(futures.pendingFaults(FUNDING)).as("funding faults not served").isZero();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        Set<String> added = jobIds();
        added.removeAll(before);
        assertThat(added).as("jobs of the %s run", name).hasSize(1);
        return new Run(db, added.iterator().next(), millis);
    }

    /** The ids of every job that has registered metrics. */
    static Set<String> jobIds() {
        Set<String> ids = new TreeSet<>();
        for (MetricGroup g : METRICS.getMetricsByGroup().keySet()) {
            String id = g.getAllVariables().get("<job_id>");
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** Every counter of a job, by its full name (subtask and operator included). */
    static Map<String, Long> counters(String jobId) {
        Map<String, Long> out = new TreeMap<>();
        for (Map.Entry<MetricGroup, Map<String, Metric>> e
                : METRICS.getMetricsByGroup().entrySet()) {
            if (!jobId.equals(e.getKey().getAllVariables().get("<job_id>"))) {
                continue;
            }
            e.getValue().forEach((n, m) -> {
                if (m instanceof Counter c) {
                    out.put(e.getKey().getMetricIdentifier(n), c.getCount());
                }
            });
        }
        return out;
    }

    /** The counters named {@code name}. */
    static Map<String, Long> named(Map<String, Long> counters, String name) {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((k, v) -> {
            if (k.endsWith("." + name)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The sum of the counters named {@code name}. */
    static long sum(Map<String, Long> counters, String name) {
        return named(counters, name).values().stream().mapToLong(Long::longValue).sum();
    }
}
