package io.regimeflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.job.config.CommandLine;
import io.regimeflow.job.config.ConfigLoader;
import io.regimeflow.job.config.RegimeflowConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run watched live (no end, or a paced replay) emits watermarks and sends partly filled
 * network buffers soon: an alert fires on a watermark and crosses two or three exchanges, and
 * Flink's defaults (200 ms, 100 ms) made the median alert wait 248 ms. A backfill keeps them: it
 * lost a quarter of its throughput with the short ones (bench/README.md, alert latency).
 */
class AlertLatencyConfigTest {

    @TempDir
    Path dir;

    @Test
    void aRunWatchedLiveTurnsDownFlinksWatermarkIntervalAndBufferTimeout() throws Exception {
        assertTimers(List.of(), 50, 10);
        assertTimers(List.of("--source.start", "2024-01-01", "--source.end", "2024-01-02",
                "--simulator.replay-speed", "240"), 50, 10);
    }

    @Test
    void aBackfillKeepsFlinksDefaults() throws Exception {
        assertTimers(List.of("--source.start", "2024-01-01", "--source.end", "2024-01-02"),
                200, 100);
        assertTimers(List.of("--source.type", "kafka", "--kafka.bootstrap-servers",
                "127.0.0.1:9092", "--kafka.stop-at-end", "true"), 200, 100);
    }

    void assertTimers(List<String> args, long watermarkMs, long bufferMs) throws Exception {
        RegimeflowConfig config = ConfigLoader.load(CommandLine.parse(
                args.toArray(String[]::new)), Map.of(), dir);
        for (boolean local : List.of(true, false)) {
            StreamExecutionEnvironment env = ExecutionEnvironmentFactory.create(config, local);
            assertThat(env.getConfig().getAutoWatermarkInterval()).as(args + ", local " + local)
                    .isEqualTo(watermarkMs);
            assertThat(env.getBufferTimeout()).as(args + ", local " + local)
                    .isEqualTo(bufferMs);
        }
    }
}
