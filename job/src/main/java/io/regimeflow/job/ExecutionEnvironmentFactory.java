package io.regimeflow.job;

import io.regimeflow.job.config.RegimeflowConfig;
import io.regimeflow.job.summary.RunFigures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.FileUtils;

/** Builds the execution environment a configuration asks for. */
public final class ExecutionEnvironmentFactory {

    private ExecutionEnvironmentFactory() {}

    /**
     * The execution environment. Generic types are off (a Kryo fallback fails the job at build
     * time instead of silently slowing it) and uids are never generated (a stateful operator
     * without one fails at build time instead of losing its state at the next upgrade).
     *
     * @param local a {@code java -jar} run: also gets a bounded restart strategy, so that a
     *     persistent failure ends the run with its cause instead of restarting forever
     */
    public static StreamExecutionEnvironment create(RegimeflowConfig config, boolean local) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
        conf.set(PipelineOptions.NAME, config.job().name());
        if (watchedLive(config)) {
            alertLatency(conf);
        }
        RegimeflowConfig.Checkpointing cp = config.checkpointing();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, cp.interval());
        conf.set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, cp.timeout());
        conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE,
                CheckpointingMode.EXACTLY_ONCE);
        if (cp.dir() != null) {
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, cp.dir());
        } else if (local) {
            // Without a folder a local run checkpoints to the JobManager's memory, which refuses
            // a checkpoint over 5 MB: a few dozen symbols' state, so the run failed over and
            // over. Its checkpoints only serve recovery within the run: a temporary folder.
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                    temporaryCheckpointFolder().toUri().toString());
        }
        if (local) {
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY,
                    Duration.ofSeconds(5));
            // The end-of-run summary reads the source's counters from the local mini-cluster.
            conf.addAll(RunFigures.reporterConfiguration());
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        if (config.job().parallelism() != null) {
            env.setParallelism(config.job().parallelism());
        }
        return env;
    }

    /**
     * Whether alerts are watched as they happen: a run without an end (live, after its backfill)
     * or a paced replay. A run with an end ({@code source.end}, a Kafka topic read to its end)
     * and no pace is a backfill, where throughput counts.
     */
    static boolean watchedLive(RegimeflowConfig config) {
        return !config.ends() || config.simulator().replaySpeed() != null;
    }

    /**
     * Flink's two timers on the way from a record to an alert, turned down from 200 ms and
     * 100 ms for runs {@link #watchedLive watched live}: the source's watermark every 50 ms (an
     * alert fires on the watermark, not on the record) and a partly filled network buffer sent
     * after 10 ms (the path crosses two or three exchanges). The alert-latency bench measured
     * the median alert 248 ms after its releasing record with Flink's defaults, 57 ms with
     * these; the throughput bench lost about a quarter of its events/s with them, so a backfill
     * keeps Flink's defaults (bench/README.md).
     */
    static void alertLatency(Configuration conf) {
        conf.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ofMillis(50));
        conf.set(ExecutionOptions.BUFFER_TIMEOUT, Duration.ofMillis(10));
    }

    /** A folder for one local run's checkpoints, deleted with everything in it at exit. */
    static Path temporaryCheckpointFolder() {
        try {
            Path folder = Files.createTempDirectory("regimeflow-checkpoints");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    FileUtils.deleteDirectory(folder.toFile());
                } catch (IOException e) {
                    System.err.println("regimeflow: could not delete " + folder + ": " + e);
                }
            }, "delete-local-checkpoints"));
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for the local run's "
                    + "checkpoints in " + System.getProperty("java.io.tmpdir")
                    + " (set checkpointing.dir)", e);
        }
    }
}
