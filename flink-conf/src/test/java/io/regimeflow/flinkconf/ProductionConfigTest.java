package io.regimeflow.flinkconf;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.BlobServerOptions;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.NettyShuffleEnvironmentOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.StateBackendLoader;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * flink-conf/config.yaml read by Flink's own loader, as a cluster reads it. Flink ignores a key
 * it does not know, so a misspelt key would silently leave a default in force: every key must be
 * one of Flink's options.
 */
class ProductionConfigTest {

    static final List<Class<?>> OPTION_CLASSES = List.of(CoreOptions.class,
            CheckpointingOptions.class, StateBackendOptions.class, StateRecoveryOptions.class,
            JobManagerOptions.class, TaskManagerOptions.class, RestOptions.class,
            RestartStrategyOptions.class, PipelineOptions.class, MetricOptions.class,
            HeartbeatManagerOptions.class, BlobServerOptions.class, WebOptions.class,
            ExecutionOptions.class, NettyShuffleEnvironmentOptions.class,
            HighAvailabilityOptions.class, RocksDBOptions.class,
            RocksDBConfigurableOptions.class);

    static Configuration config;

    @BeforeAll
    static void load() {
        // The module folder holds config.yaml; surefire runs in it.
        config = GlobalConfiguration.loadConfiguration(Path.of("").toAbsolutePath().toString());
    }

    @Test
    void everyKeyIsAFlinkOption() throws Exception {
        Set<String> known = new HashSet<>();
        for (Class<?> c : OPTION_CLASSES) {
            for (Field f : c.getFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == ConfigOption.class) {
                    ConfigOption<?> o = (ConfigOption<?>) f.get(null);
                    known.add(o.key());
                    o.fallbackKeys().forEach(k -> known.add(k.getKey()));
                }
            }
        }
        assertThat(config.keySet()).isNotEmpty();
        for (String key : config.keySet()) {
            if (key.startsWith("metrics.reporter.")) {
                continue; // per-reporter keys: checked below
            }
            assertThat(known).as("'%s' is an option of Flink %s", key,
                    System.getProperty("regimeflow.flink.version")).contains(key);
        }
    }

    @Test
    void stateLivesInRocksDbWithIncrementalExactlyOnceCheckpoints() throws Exception {
        StateBackend backend = StateBackendLoader.loadStateBackendFromConfig(config,
                getClass().getClassLoader(), null);
        assertThat(backend).isInstanceOf(EmbeddedRocksDBStateBackend.class);
        assertThat(((EmbeddedRocksDBStateBackend) backend).isIncrementalCheckpointsEnabled())
                .isTrue();
        assertThat(config.get(RocksDBOptions.USE_MANAGED_MEMORY)).isTrue();
        // The analyses look up keys that were never written (minutes without liquidations):
        // without Bloom filters each such lookup reads and decompresses SST blocks.
        assertThat(config.get(RocksDBConfigurableOptions.USE_BLOOM_FILTER)).isTrue();
        assertThat(config.get(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE))
                .isEqualTo(CheckpointingMode.EXACTLY_ONCE);
        Duration interval = config.get(CheckpointingOptions.CHECKPOINTING_INTERVAL);
        Duration timeout = config.get(CheckpointingOptions.CHECKPOINTING_TIMEOUT);
        assertThat(interval).isBetween(Duration.ofSeconds(5), Duration.ofMinutes(5));
        assertThat(timeout).isGreaterThan(interval);
        assertThat(config.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isNotBlank();
        assertThat(config.get(CheckpointingOptions.SAVEPOINT_DIRECTORY)).isNotBlank();
        assertThat(config.get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION).name())
                .isEqualTo("RETAIN_ON_CANCELLATION");
    }

    @Test
    void failuresRestartWithBackoffAndJobsMayNotFallBackToKryoOrGeneratedUids() {
        assertThat(config.get(RestartStrategyOptions.RESTART_STRATEGY))
                .isEqualTo("exponential-delay");
        assertThat(config.get(RestartStrategyOptions
                .RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF)).isPositive();
        assertThat(config.get(PipelineOptions.GENERIC_TYPES)).isFalse();
        assertThat(config.get(PipelineOptions.AUTO_GENERATE_UIDS)).isFalse();
    }

    @Test
    void theMemoryOfATwoCoreTaskManagerAndTheJobManagerAddUp() {
        TaskExecutorProcessSpec tm = TaskExecutorProcessUtils.processSpecFromConfig(config);
        assertThat(tm.getCpuCores().getValue().doubleValue()).isEqualTo(2.0);
        assertThat(config.get(TaskManagerOptions.NUM_TASK_SLOTS)).isEqualTo(2);
        // RocksDB's block cache and write buffers come from managed memory.
        assertThat(tm.getManagedMemorySize().getMebiBytes()).isGreaterThanOrEqualTo(1024);
        assertThat(tm.getTaskHeapSize().getMebiBytes()).isGreaterThanOrEqualTo(768);
        assertThat(tm.getTotalProcessMemorySize().getMebiBytes()).isEqualTo(4096);
        JobManagerProcessSpec jm = JobManagerProcessUtils.processSpecFromConfig(config);
        assertThat(jm.getJvmHeapMemorySize().getMebiBytes()).isGreaterThanOrEqualTo(512);
    }

    @Test
    void thePrometheusReporterIsConfiguredWithAPortRange() throws Exception {
        String factory = config.getString("metrics.reporter.prom.factory.class", null);
        assertThat(MetricReporterFactory.class.isAssignableFrom(Class.forName(factory)))
                .isTrue();
        // A range: a JobManager and TaskManagers on one host each take the next free port.
        assertThat(config.getString("metrics.reporter.prom.port", "")).matches("\\d+-\\d+");
        Set<String> reporterKeys = new HashSet<>();
        config.keySet().stream().filter(k -> k.startsWith("metrics.reporter."))
                .forEach(reporterKeys::add);
        assertThat(reporterKeys).containsExactlyInAnyOrder("metrics.reporter.prom.factory.class",
                "metrics.reporter.prom.port");
    }
}
