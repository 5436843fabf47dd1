package io.regimeflow.bench;

import io.regimeflow.connectors.simulator.MarketSimulatorSource;
import io.regimeflow.connectors.simulator.SimulatorSettings;
import io.regimeflow.connectors.simulator.SymbolSimulator;
import io.regimeflow.functions.AnalysisSettings;
import io.regimeflow.job.MarketInput;
import io.regimeflow.job.PipelineSinks;
import io.regimeflow.job.RegimeflowPipeline;
import io.regimeflow.model.BuiltCandle;
import io.regimeflow.model.FeatureSnapshot;
import io.regimeflow.model.HourlyPairCorrelation;
import io.regimeflow.model.MarketEvent;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code bench/run --symbols N --days D}: pushes N symbols x D days of simulated market data
 * through the whole job (candles, the five analyses, snapshots, events) on a local mini-cluster,
 * and the same data through a plain single-threaded loop doing the same work with the same
 * calculators; each in a fresh JVM of the same size. Prints input events per second, sampled
 * peak heap, the ratio, the analysis state per symbol, and checks that both produced exactly the
 * same candles, snapshots and events.
 */
public final class PipelineBench {

    private PipelineBench() {}

    public static void main(String[] args) throws Exception {
        String mode = "both";
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--mode")) {
                mode = args[i + 1];
            }
        }
        BenchSettings settings = BenchSettings.parse(args);
        BenchSettings warmUp = settings.warmUpEvents() > 0
                ? settings.withDays(warmUpDays(settings)) : null;
        switch (mode) {
            case "job" -> {
                if (warmUp != null) {
                    runJob(warmUp);
                    DigestSink.reset();
                    System.gc(); // the warm-up's garbage out of the timed run's peak heap
                }
                System.out.println(runJob(settings).toLine());
            }
            case "loop" -> {
                if (warmUp != null) {
                    runLoop(warmUp);
                    System.gc();
                }
                System.out.println(runLoop(settings).toLine());
            }
            case "both" -> compare(settings);
            default -> throw new IllegalArgumentException("--mode is job, loop or both");
        }
    }

    static BenchResult runLoop(BenchSettings settings) throws Exception {
        SimulatorSettings sim = settings.simulator();
        PlainAnalysisLoop loop = new PlainAnalysisLoop(AnalysisSettings.defaults(sim.symbols()));
        try (HeapSampler heap = new HeapSampler()) {
            long t0 = System.nanoTime();
            loop.run(sim);
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new BenchResult("loop", loop.events, seconds, heap.peakBytes(), loop.outputs,
                    loop.snapshots, loop.marketEvents, loop.candleChecksum + loop.checksum,
                    loop.stateBytesPerSymbol());
        }
    }

    /**
     * RocksDB as the shipped cluster configuration ({@code flink-conf/config.yaml}) runs it: its
     * {@code state.backend.rocksdb.*} keys, and the managed memory (RocksDB's block cache and
     * write buffers) of one of its TaskManagers, whose two slots the bench's mini-cluster stands
     * for. Without the latter the mini-cluster's default of 128 MB flushes the write buffers to
     * disk many times a second.
     */
    static Map<String, String> productionRocksDbOptions() {
        Configuration shipped = GlobalConfiguration.loadConfiguration("flink-conf");
        Map<String, String> options = new TreeMap<>();
        shipped.toMap().forEach((key, value) -> {
            if (key.startsWith("state.backend.rocksdb.")) {
                options.put(key, value);
            }
        });
        options.put(TaskManagerOptions.MANAGED_MEMORY_SIZE.key(), TaskExecutorProcessUtils
                .processSpecFromConfig(shipped).getManagedMemorySize().toString());
        return options;
    }

    static BenchResult runJob(BenchSettings settings) throws Exception {
        SimulatorSettings sim = settings.simulator();
        long events = countEvents(sim); // deterministic: what the source will emit
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, settings.parallelism());
        String restPort = System.getenv("BENCH_REST_PORT");
        if (restPort == null && settings.checkpointSeconds() > 0) {
            restPort = "" + freePort();
        }
        if (restPort != null) {
            // The mini-cluster's REST API on a known port, to read watermarks and metrics while
            // the job runs (bench/tools/watermarks.py) and the checkpoint statistics.
            conf.set(RestOptions.PORT, Integer.parseInt(restPort));
            conf.set(RestOptions.BIND_PORT, restPort);
        }
        conf.set(StateBackendOptions.STATE_BACKEND, settings.stateBackend());
        if (settings.stateBackend().equals("rocksdb")) {
            Map<String, String> rocksDb = productionRocksDbOptions();
            System.out.println("RocksDB as in flink-conf/config.yaml: " + rocksDb);
            rocksDb.forEach(conf::setString);
        }
        if (settings.checkpointSeconds() > 0) {
            conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL,
                    Duration.ofSeconds(settings.checkpointSeconds()));
            conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                    Files.createTempDirectory("regimeflow-bench-checkpoints").toUri().toString());
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(settings.parallelism());
        RegimeflowPipeline.build(env, new MarketInput(new MarketSimulatorSource(sim),
                RegimeflowPipeline.watermarks(Duration.ofSeconds(5), Duration.ofMinutes(1)),
                false), AnalysisSettings.defaults(sim.symbols()),
                PipelineSinks.of(new DigestSink<BuiltCandle>("candles", CandleDigest::of),
                        new DigestSink<FeatureSnapshot>("snapshots", OutputDigest::of),
                        new DigestSink<MarketEvent>("events", OutputDigest::of))
                        .withPairCorrelations(new DigestSink<HourlyPairCorrelation>("pairs",
                                OutputDigest::of)));
        try (HeapSampler heap = new HeapSampler()) {
            // Throughput is timed from the moment every task runs: starting the mini-cluster and
            // deploying the job are paid once by a job that runs for months; reported apart.
            long submitted = System.nanoTime();
            JobClient client = env.executeAsync("regimeflow-bench");
            CheckpointStats checkpoints = settings.checkpointSeconds() > 0
                    ? new CheckpointStats(Integer.parseInt(restPort), client.getJobID()) : null;
            while (!allTasksRunning(client) && !client.getJobStatus().get().isTerminalState()) {
                Thread.sleep(5);
            }
            long t0 = System.nanoTime();
            client.getJobExecutionResult().get();
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("start-up (mini-cluster and deployment): %.2f s%n",
                    (t0 - submitted) / 1e9);
            if (checkpoints != null) {
                checkpoints.close();
                System.out.println(checkpoints.summary());
            }
            return new BenchResult("job", events, seconds, heap.peakBytes(),
                    DigestSink.count("candles"), DigestSink.count("snapshots"),
                    DigestSink.count("events"), DigestSink.checksum("candles")
                            + DigestSink.checksum("snapshots") + DigestSink.checksum("events")
                            + DigestSink.checksum("pairs"),
                    0);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static boolean allTasksRunning(JobClient client) throws Exception {
        return client.getJobStatus().get() == JobStatus.RUNNING;
    }

    /** Market days of the warm-up run: enough for {@code warmUpEvents} input events. */
    static int warmUpDays(BenchSettings settings) {
        long perDay = Math.max(1, countEvents(settings.withDays(1).simulator()));
        return (int) Math.max(1, (settings.warmUpEvents() + perDay - 1) / perDay);
    }

    private static long countEvents(SimulatorSettings sim) {
        long[] n = new long[1];
        for (String symbol : sim.symbols()) {
            SymbolSimulator s = new SymbolSimulator(sim, symbol,
                    SymbolSimulator.initialCursor(sim, symbol));
            while (!s.finished()) {
                s.emitNextMinute(d -> n[0]++);
            }
        }
        return n[0];
    }

    private static void compare(BenchSettings settings) throws Exception {
        System.out.printf("regimeflow bench: %d symbols x %d days of 1m data, job parallelism %d,"
                        + " %d cores, %s state%s%n", settings.symbols(), settings.days(),
                settings.parallelism(), Runtime.getRuntime().availableProcessors(),
                settings.stateBackend(), settings.checkpointSeconds() > 0 ? ", a checkpoint every "
                        + settings.checkpointSeconds() + " s" : "");
        if (settings.warmUpEvents() > 0) {
            System.out.printf("  each timed after an untimed warm-up run in its JVM: %d market"
                    + " days, at least %,d input events (--warm-up-events 0: none)%n",
                    warmUpDays(settings), settings.warmUpEvents());
        }
        BenchResult loop = child(settings, "loop");
        BenchResult job = child(settings, "job");
        for (BenchResult r : List.of(job, loop)) {
            System.out.printf("  %-5s %,12d input events in %7.2f s = %,11.0f events/s, "
                            + "peak heap %,6d MB; %,d candles, %,d snapshots, %,d events%n",
                    r.mode(), r.events(), r.seconds(), r.eventsPerSecond(),
                    r.peakHeapBytes() >> 20, r.candles(), r.snapshots(), r.marketEvents());
        }
        System.out.printf("  ratio job/loop: %.2f%n", job.eventsPerSecond()
                / loop.eventsPerSecond());
        System.out.printf("  analysis state per symbol (serialized, at the end): %,d bytes%n",
                loop.stateBytesPerSymbol());
        boolean same = job.sameOutputs(loop);
        System.out.println("  same candles, snapshots, events and pair correlations in both: "
                + (same ? "yes" : "NO"));
        if (!same) {
            System.exit(1);
        }
    }

    /** Runs one mode in a fresh JVM,
            so that neither run's heap or JIT state leaks into the other. */
    private static BenchResult child(BenchSettings settings, String mode) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator
                + "java");
        cmd.addAll(ManagementFactory.getRuntimeMXBean()
                .getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(PipelineBench.class.getName());
        cmd.addAll(List.of(settings.toArgs(mode)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BenchResult result = null;
        StringBuilder log = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith(BenchResult.PREFIX)) {
                    result = BenchResult.parse(line);
                } else if (line.startsWith("start-up") || line.startsWith("checkpoints:")) {
                    System.out.println("  job " + line);
                } else {
                    log.append(line).append('\n');
                }
            }
        }
        if (p.waitFor() != 0 || result == null) {
            throw new IllegalStateException(mode + " run failed:\n" + log);
        }
        return result;
    }
}
