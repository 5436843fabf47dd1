package io.regimeflow.job;

import io.regimeflow.job.config.CommandLine;
import io.regimeflow.job.config.ConfigLoader;
import io.regimeflow.job.config.RegimeflowConfig;
import io.regimeflow.testkit.Await;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local run checkpoints state of any size: without {@code checkpointing.dir} its checkpoints
 * went to the JobManager's memory, which refuses more than 5 MB (a few dozen symbols' state), and
 * the run failed over at every checkpoint.
 */
class LocalCheckpointsTest {

    static final int KEYS = 8;
    /** 8 keys x 1 MB: more than the JobManager's memory takes. */
    static final int BYTES_PER_KEY = 1 << 20;
    static final AtomicBoolean CHECKPOINTED = new AtomicBoolean();
    static final AtomicReference<String> FAILED_OVER = new AtomicReference<>();

    @TempDir
    Path dir;

    @Test
    void aLocalRunCheckpointsMoreStateThanTheJobManagersMemoryTakes() throws Exception {
        RegimeflowConfig config = ConfigLoader.load(CommandLine.parse(
                "--checkpointing.interval", "200ms"), Map.of(), dir);
        StreamExecutionEnvironment env = ExecutionEnvironmentFactory.create(config, true);
        env.setParallelism(1);
        env.fromSequence(0, Long.MAX_VALUE).uid("numbers")
                .keyBy(n -> n % KEYS)
                .map(new LargeState()).uid("large-state")
                .sinkTo(new DiscardingSink<>()).uid("discard");
        JobClient job = env.executeAsync("local checkpoints");
        try {
            AtomicReference<JobStatus> status = new AtomicReference<>();
            Await.until("a completed checkpoint holding " + KEYS + " MB of keyed state", () -> {
                if (FAILED_OVER.get() != null) {
                    throw new AssertionError("the job failed over: " + FAILED_OVER.get());
                }
                status.set(job.getJobStatus().get());
                return CHECKPOINTED.get();
            }, () -> "job " + status.get() + ", no checkpoint completed after the state grew");
        } finally {
            job.cancel().get();
        }
    }

    /** Holds 1 MB per key, and says when a checkpoint holding all of it completed. */
    static final class LargeState extends RichMapFunction<Long, Long>
            implements CheckpointedFunction, CheckpointListener {
        private static final long serialVersionUID = 1L;
        private transient ValueState<byte[]> blob;
        private transient Set<Long> filled;
        private transient long snapshotHoldingAll = -1;

        @Override
        public void open(OpenContext context) {
            int attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
            if (attempt > 0) {
                FAILED_OVER.set("attempt " + attempt + " of the task");
            }
            blob = getRuntimeContext().getState(
                    new ValueStateDescriptor<>("blob", byte[].class));
            filled = new HashSet<>();
        }

        @Override
        public Long map(Long n) throws Exception {
            long key = n % KEYS;
            if (filled.add(key)) {
                blob.update(new byte[BYTES_PER_KEY]);
            }
            return n;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
            if (filled != null && filled.size() == KEYS && snapshotHoldingAll < 0) {
                snapshotHoldingAll = context.getCheckpointId();
            }
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {}

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            if (snapshotHoldingAll >= 0 && checkpointId >= snapshotHoldingAll) {
                CHECKPOINTED.set(true);
            }
        }
    }
}
