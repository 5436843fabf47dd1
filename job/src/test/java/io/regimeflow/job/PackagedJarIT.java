package io.regimeflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar().toString()));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("finished in time").isTrue();
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
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

    @Test
    void helpPrintsUsage() throws Exception {
        Result r = javaJar("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("usage: java -jar regimeflow-job.jar");
        assertThat(r.err()).isEmpty();
    }
}
