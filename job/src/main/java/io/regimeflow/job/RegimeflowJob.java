package io.regimeflow.job;

import io.regimeflow.connectors.jdbc.JdbcSettings;
import io.regimeflow.connectors.jdbc.JdbcSinks;
import io.regimeflow.connectors.jdbc.SqlDialect;
import io.regimeflow.job.config.RegimeflowConfig;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Turns a configuration into a runnable job: environment, source, pipeline and sinks. */
public final class RegimeflowJob {

    private RegimeflowJob() {}

    /**
     * The execution environment. Generic types are off (a Kryo fallback fails the job at build
     * time instead of silently slowing it) and uids are never generated (a stateful operator
     * without one fails at build time instead of losing its state at the next upgrade).
     *
     * @param local a {@code java -jar} run: also gets a bounded restart strategy, so that a
     *     persistent failure ends the run with its cause instead of restarting forever
     */
    public static StreamExecutionEnvironment environment(RegimeflowConfig config, boolean local) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
        conf.set(PipelineOptions.NAME, config.job().name());
        RegimeflowConfig.Checkpointing cp = config.checkpointing();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, cp.interval());
        conf.set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, cp.timeout());
        conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE,
                CheckpointingMode.EXACTLY_ONCE);
        if (cp.dir() != null) {
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, cp.dir());
        }
        if (local) {
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY,
                    Duration.ofSeconds(5));
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        if (config.job().parallelism() != null) {
            env.setParallelism(config.job().parallelism());
        }
        return env;
    }

    /** The JDBC sink settings, or null when the JDBC sink is off. */
    public static JdbcSettings jdbcSettings(RegimeflowConfig config) {
        RegimeflowConfig.Jdbc j = config.sinks().jdbc();
        if (!j.enabled()) {
            return null;
        }
        return new JdbcSettings(j.url(), j.username(), j.password(), j.batchSize(),
                j.batchInterval().toMillis(), j.maxRetries());
    }

    /** The configured sinks. */
    public static PipelineSinks sinks(RegimeflowConfig config) {
        JdbcSettings jdbc = jdbcSettings(config);
        if (jdbc == null) {
            return new PipelineSinks(null, null);
        }
        // SQLite has a single writer; one sink writer avoids lock contention between subtasks.
        Integer parallelism = jdbc.dialect() == SqlDialect.SQLITE ? 1 : null;
        return new PipelineSinks(JdbcSinks.candles(jdbc), parallelism);
    }

    /** Builds the whole job into {@code env}. */
    public static void build(StreamExecutionEnvironment env, RegimeflowConfig config,
            Instant now) {
        RegimeflowPipeline.build(env, MarketSources.create(config, now),
                RegimeflowPipeline.watermarks(config.source().maxOutOfOrderness(),
                        config.source().idleness()),
                sinks(config));
    }
}
