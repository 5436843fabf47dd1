package io.regimeflow.testkit;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** A shared mini-cluster and job environments configured as the job runs: no Kryo fallback. */
public final class FlinkTestEnvironment {
    private FlinkTestEnvironment() {}

    /** A mini-cluster with one TaskManager of two slots. */
    public static MiniClusterExtension miniCluster() {
        return miniCluster(new Configuration());
    }

    /**
     * A mini-cluster with one TaskManager of two slots and {@code conf} (e.g. a metric reporter,
     * {@code InMemoryReporter.addToConfiguration}).
     */
    public static MiniClusterExtension miniCluster(Configuration conf) {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setConfiguration(conf)
                .setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(2)
                .build());
    }

    /** A job environment with generic types disabled and the given parallelism. */
    public static StreamExecutionEnvironment env(int parallelism) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        return env;
    }
}
