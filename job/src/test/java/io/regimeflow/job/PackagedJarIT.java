package io.regimeflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.model.Candle;
import io.regimeflow.testkit.Await;
import io.regimeflow.testkit.BinanceKlineCsv;
import io.regimeflow.testkit.FakeBinance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged fat jar as users start it: {@code java -jar}, in a fresh JVM, run by failsafe after
 * the package phase.
 */
class PackagedJarIT {

    @TempDir
    Path dir;

    static Path jar() {
        Path jar = Path.of(System.getProperty("regimeflow.job.jar",
                "target/regimeflow-job-0.1.0.jar")).toAbsolutePath();
        assertThat(jar).as("the job jar is built by 'mvn package'").exists();
        return jar;
    }

    record Result(int exit, String out, String err) {}

    Result javaJar(String... args) throws IOException, InterruptedException {
        return start("run", args).finish();
    }

    /** A {@code java -jar} process and the files its output goes to. */
    record Run(Process process, Path out, Path err) {
        String outSoFar() {
            try {
                return Files.readString(out, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Result finish() throws IOException, InterruptedException {
            assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("finished in time").isTrue();
            return new Result(process.exitValue(), outSoFar(),
                    Files.readString(err, StandardCharsets.UTF_8));
        }
    }

    /** {@code java -jar} started in {@link #dir}, its output in NAME.out and NAME.err. */
    Run start(String name, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar().toString()));
        cmd.addAll(List.of(args));
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new Run(p, out, err);
    }

    @Test
    void manifestStartsTheLauncherAndFlinkIsNotInTheJar() throws IOException {
        try (JarFile jar = new JarFile(jar().toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("io.regimeflow.job.Main");
            assertThat(jar.getEntry("io/regimeflow/job/RegimeflowCli.class")).isNotNull();
            assertThat(jar.getEntry("regimeflow-defaults.yaml")).isNotNull();
            // Provided by the cluster: never shaded in, or a cluster would load two Flinks.
            assertThat(jar.getEntry(Main.FLINK_PROBE)).isNull();
            assertThat(jar.getEntry("org/apache/flink/runtime/jobgraph/JobGraph.class")).isNull();
            assertThat(jar.getEntry("org/slf4j/Logger.class")).isNull();
            // Connectors are not in the Flink distribution: they must be.
            assertThat(jar.getEntry("org/apache/flink/connector/jdbc/core/datastream/sink/"
                    + "JdbcSink.class")).isNotNull();
            assertThat(jar.getEntry("org/sqlite/JDBC.class")).isNotNull();
        }
        assertThat(jar().resolveSibling("flink-lib").toFile().list())
                .anyMatch(n -> n.startsWith("flink-runtime-2.2.1"));
    }

    @Test
    void badConfigExitsTwoWithOneLine() throws Exception {
        Files.writeString(dir.resolve("bad.yaml"), "symbols: [BTC/USDT]\nsourse:\n  type: x\n");
        Result r = javaJar("--config", "bad.yaml");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().split("\\R")).containsExactly(
                "regimeflow: config error: unknown key 'sourse' = '{\"type\":\"x\"}' (from "
                        + "bad.yaml): expected one of symbols, source, simulator, binance, "
                        + "derivatives, kafka, analysis, sinks, dashboard, checkpointing, job; "
                        + "did you mean 'source'?");
    }

    @Test
    void boundedSimulatorRunLeavesCandlesAndARerunAddsNone() throws Exception {
        String[] args = {"--source", "simulator", "--start", "2024-03-04", "--end",
            "2024-03-11", "--dashboard.port", "0"};
        Result first = javaJar(args);
        assertThat(first.exit()).as(first.err()).isZero();
        // The in-process dashboard started from the jar (its server and page are inside).
        assertThat(first.out()).containsPattern("dashboard at http://127\\.0\\.0\\.1:\\d+/");
        assertThat(first.out()).contains("candles table now holds 1h=504 4h=126 1d=21 1w=3");
        assertThat(first.err()).doesNotContain("Exception");
        assertThat(dir.resolve("regimeflow.db")).exists();
        Result second = javaJar(args);
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.out()).contains("candles table now holds 1h=504 4h=126 1d=21 1w=3");
    }

    /**
     * A bounded run from a fake exchange through the packaged jar (a local mini-cluster in its
     * own JVM, the way users run it): it ends with the per-symbol summary, whose figures come
     * from the source's counters through the reporter the jar registers.
     */
    @Test
    void aBoundedBinanceRunEndsWithWhatTheExchangeDid() throws Exception {
        List<Candle> minutes = BinanceKlineCsv.read("FILUSDT-1m-2023-04.csv.gz", "FIL/USDT")
                .subList(0, 2 * 60);
        long start = minutes.get(0).openTime();
        try (FakeBinance spot = new FakeBinance()) {
            spot.candles("FIL/USDT", minutes.stream().filter(c -> c.openTime() < start + 3_600_000
                    || c.openTime() >= start + 3_600_000 + 3 * 60_000).toList());
            spot.publishUntil(start + 2 * 3_600_000);
            Result run = javaJar("--source", "binance", "--binance.spot-url",
                    spot.baseUrl().toString(), "--binance.funding", "false", "--symbols",
                    "FIL/USDT", "--start", "2023-04-01", "--end", "2023-04-01T02:00:00Z",
                    "--dashboard.port", "0");
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.out()).as(run.err()).contains(
                    "  FIL/USDT            117        3          0           0        0      0  -",
                    "regimeflow: FIL/USDT: 3 of 120 minutes are not at the exchange");
        }
    }

    /**
     * Two bounded runs at once on one SQLite file: the second refuses at start, with exit status
     * 1 and one line naming the file and the run holding it, and writes nothing; once the first
     * has ended, a run on the file goes ahead.
     */
    @Test
    void aSecondRunOnASqliteFileInUseRefusesToStart() throws Exception {
        Path db = dir.resolve("shared.db").toAbsolutePath();
        // Paced at 60x, a simulated day lasts 24 minutes: it is still running when the second
        // starts however slow the machine, and is stopped below.
        Run first = start("first", "--source", "simulator", "--start", "2024-03-04", "--end",
                "2024-03-05", "--simulator.replay-speed", "60", "--db", "jdbc:sqlite:" + db,
                "--dashboard.port", "0");
        try {
            // The description line comes after the file is taken.
            Await.until("the first run's start line", () -> {
                assertThat(first.process().isAlive()).as("first run alive; printed: %s",
                        first.outSoFar()).isTrue();
                return first.outSoFar().contains("regimeflow: simulator source");
            }, first::outSoFar);
            List<Long> firstPids = first.process().descendants().map(ProcessHandle::pid)
                    .toList();
            Result second = start("second", "--source", "simulator", "--start", "2024-03-04",
                    "--end", "2024-03-05", "--seed", "7", "--db", "jdbc:sqlite:" + db,
                    "--dashboard.port", "0").finish();
            assertThat(second.exit()).as(second.err()).isEqualTo(1);
            String[] lines = second.err().strip().split("\\R");
            assertThat(lines).hasSize(1);
            System.out.println("PackagedJarIT: the second run said: " + lines[0]);
            assertThat(lines[0]).startsWith("regimeflow: " + db + " is being written by another "
                    + "regimeflow run (pid ").contains("wait for that run to end or stop it")
                    .contains("--db jdbc:sqlite:");
            assertThat(firstPids).as("the holder named is the first run's JVM")
                    .anyMatch(pid -> lines[0].contains("(pid " + pid + ", "));
            assertThat(second.out()).doesNotContain("regimeflow: simulator source");
        } finally {
            stop(first.process());
        }
        // Stopped as a user stops it: status 0 and a line that says so (it was 143, silent).
        assertThat(first.process().exitValue()).as(first.outSoFar()).isZero();
        assertThat(first.outSoFar()).contains("regimeflow: stopped; what was written so far "
                + "stays in the database");
        Result third = javaJar("--source", "simulator", "--start", "2024-03-04", "--end",
                "2024-03-05", "--db", "jdbc:sqlite:" + db, "--dashboard.port", "0");
        assertThat(third.exit()).as(third.err()).isZero();
        assertThat(third.out()).contains("candles table now holds 1h=72 4h=18 1d=3 1w=3");
    }

    /** Stops a launcher as Ctrl-C would, and waits until its job JVM is gone too. */
    private static void stop(Process launcher) throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>(launcher.descendants().toList());
        launcher.destroy();
        all.add(launcher.toHandle());
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(2, TimeUnit.MINUTES);
            } catch (ExecutionException | TimeoutException e) {
                p.destroyForcibly();
            }
        }
    }

    /**
     * The distribution (issue 16 item 9) unpacked far from the build, started through its
     * bin/regimeflow from yet another folder: it runs, and its files land where it is run.
     */
    @Test
    void theDistributionRunsWhereverItIsUnpacked() throws Exception {
        Path tarball = jar().getParent().resolve("regimeflow-0.1.0.tar");
        assertThat(tarball).as("built by 'mvn package'").exists();
        Path unpacked = Files.createDirectories(dir.resolve("opt"));
        Process tar = new ProcessBuilder("tar", "xf", tarball.toString(), "-C",
                unpacked.toString()).inheritIO().start();
        assertThat(tar.waitFor()).isZero();
        Path home = unpacked.resolve("regimeflow-0.1.0");
        assertThat(home.resolve("regimeflow.example.yaml")).exists();
        assertThat(home.resolve("conf/regimeflow-defaults.yaml")).exists();
        Path work = Files.createDirectories(dir.resolve("work"));
        Path out = dir.resolve("dist.out");
        Path err = dir.resolve("dist.err");
        Process run = new ProcessBuilder(home.resolve("bin/regimeflow").toString(), "--source",
                "simulator", "--start", "2024-03-04", "--end", "2024-03-05",
                "--dashboard.port", "0").directory(work.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(run.waitFor(5, TimeUnit.MINUTES)).as("finished in time").isTrue();
        assertThat(run.exitValue()).as(Files.readString(err)).isZero();
        assertThat(Files.readString(out)).contains("candles table now holds 1h=72 4h=18 1d=3 "
                + "1w=3");
        assertThat(work.resolve("regimeflow.db")).exists();
    }

    @Test
    void helpPrintsUsage() throws Exception {
        Result r = javaJar("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("usage: java -jar regimeflow-job.jar");
        assertThat(r.err()).isEmpty();
    }
}
