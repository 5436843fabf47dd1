package io.regimeflow.bench;

import io.regimeflow.connectors.jdbc.JdbcSettings;
import io.regimeflow.connectors.jdbc.SchemaMigrator;
import io.regimeflow.job.ExecutionEnvironmentFactory;
import io.regimeflow.job.JobGraphs;
import io.regimeflow.job.PipelineSinks;
import io.regimeflow.job.PipelineSinksFactory;
import io.regimeflow.job.config.CommandLine;
import io.regimeflow.job.config.ConfigLoader;
import io.regimeflow.job.config.RegimeflowConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code bench/alert-latency}: the analysis job as a run builds it (simulator source paced
 * against the wall clock, every analysis, the SQLite sinks and the webhook sink with its
 * dispatcher and ledger) on a local mini-cluster, posting to a loopback receiver; prints the
 * alert latency, from the emit of the record whose arrival made a cascade fire to the arrival of
 * its POST, as p50/p99/max over every alert, split into the analyses' and the delivery's parts,
 * with the configuration and the machine's load. See {@link AlertTimings} for the definitions.
 */
public final class AlertLatencyBench {

    private AlertLatencyBench() {}

    /** Alerts released this soon after the first trigger also time the JVM's warm-up. */
    static final long WARM_UP_MS = 10_000;

    public static void main(String[] args) throws Exception {
        AlertLatencySettings s = AlertLatencySettings.parse(args);
        String loadBefore = loadAverage();
        Path dir = Files.createTempDirectory("regimeflow-alert-latency");
        try (WebhookArrivals receiver = new WebhookArrivals()) {
            // Event time starts at this hour (the simulator starts shocks on the hour): the
            // alerts are current, so the webhook sink's max-age (2 h by default) posts them as
            // it would live ones.
            long start = Instant.now().truncatedTo(ChronoUnit.HOURS).toEpochMilli();
            Path yaml = dir.resolve("regimeflow.yaml");
            Files.writeString(yaml, s.yaml(start, receiver.url().toString(),
                    dir.resolve("bench.db").toString(),
                    dir.resolve("checkpoints").toUri().toString()), StandardCharsets.UTF_8);
            RegimeflowConfig config = ConfigLoader.load(
                    CommandLine.parse("--config", yaml.toString()), Map.of(), dir);
            JdbcSettings jdbc = PipelineSinksFactory.jdbcSettings(config);
            if (jdbc != null) {
                SchemaMigrator.migrate(jdbc);
            }
            StreamExecutionEnvironment env = ExecutionEnvironmentFactory.create(config, true);
            if (s.watermarkIntervalMs() != null) {
                env.getConfig().setAutoWatermarkInterval(s.watermarkIntervalMs());
            }
            if (s.bufferTimeoutMs() != null) {
                env.setBufferTimeout(s.bufferTimeoutMs());
            }
            long outOfOrderness = config.source().maxOutOfOrderness().toMillis();
            System.out.printf("regimeflow alert-latency bench: %d symbols x %d h of simulated "
                            + "market at %.0fx (a minute every %.0f ms; about %.0f s), parallelism"
                            + " %d, %d cores; signed-JSON webhook target on loopback, SQLite "
                            + "sinks and ledger %s; out-of-orderness %d ms, auto-watermark "
                            + "interval %d ms, buffer timeout %d ms%n", s.symbols(), s.hours(),
                    s.speed(), 60_000 / s.speed(), s.wallSeconds(), s.parallelism(),
                    Runtime.getRuntime().availableProcessors(), s.jdbc() ? "on" : "off",
                    outOfOrderness, env.getConfig().getAutoWatermarkInterval(),
                    env.getBufferTimeout());
            System.out.println("  load average before (1, 5, 15 min): " + loadBefore);
            EmitClock.GLOBAL.clear();
            EventTapSink.REACHED.clear();
            JobGraphs.analysis(env, config, Instant.now(), EmitClockSource::wrap,
                    List.of(new PipelineSinks.Output<>("bench-event-tap", new EventTapSink(),
                            1)));
            env.executeAsync("regimeflow-alert-latency").getJobExecutionResult().get();
            String loadAfter = loadAverage();
            AlertTimings t = AlertTimings.match(receiver.arrivals(), EmitClock.GLOBAL,
                    outOfOrderness, EventTapSink.REACHED);
            print(t, receiver, s, loadAfter);
            Path csv = dir.resolve("alerts.csv");
            Files.write(csv, t.csv(), StandardCharsets.UTF_8);
            System.out.println("  each alert's instants: " + csv);
        }
    }

    private static void print(AlertTimings t, WebhookArrivals receiver, AlertLatencySettings s,
            String loadAfter) {
        System.out.printf("  POSTs received: %,d (cascades timed: %,d; other kinds, not timed: %d;"
                        + " cascades released by the end of input: %d; repeats: %d; "
                        + "malformed: %d)%n", receiver.arrivals().size(), t.timed().size(),
                t.otherKinds(), t.releasedByEnd(), t.repeats(), receiver.malformed());
        System.out.printf("  alerts released by the same emit: at most %d (a cascade fires at a "
                + "minute's end; alerts sharing one are posted one after another)%n",
                t.largestBurst());
        System.out.printf("  %-46s %8s %8s %8s%n", "latency, ms", "p50", "p99", "max");
        System.out.println(t.releaseToPost().row("ALERT: release emit -> POST at receiver"));
        LatencyFigures warm = t.releaseToPostAfter(WARM_UP_MS);
        System.out.println(warm.row("ALERT, after the first " + WARM_UP_MS / 1000 + " s ("
                + warm.count() + ")"));
        System.out.println(t.releaseToSinks().row("  release emit -> event at the sinks"));
        System.out.println(t.sinksToPost().row("  event at the sinks -> POST (delivery)"));
        System.out.println(t.triggerToRelease().row("event-time wait: trigger emit -> release"));
        System.out.printf("  (the event-time wait is one simulated minute at this pace, %.0f ms; "
                + "live it is a minute plus the candle's delay, see bench/README.md)%n",
                60_000 / s.speed());
        System.out.println("  load average after (1, 5, 15 min): " + loadAfter
                + "; date " + LocalDate.now(ZoneOffset.UTC));
        if (t.timed().size() < 1000) {
            System.out.println("  fewer than 1,000 timed alerts: raise --hours or --symbols");
        }
    }

    /** The first three fields of /proc/loadavg, or "unknown" off Linux. */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
