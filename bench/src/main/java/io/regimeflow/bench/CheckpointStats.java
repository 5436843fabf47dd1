package io.regimeflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;

/**
 * The job's checkpoint statistics, read every second from the mini-cluster's REST API ({@code
 * GET /jobs/:jobid/checkpoints}, Flink's REST API reference) while it runs: the last answer is
 * kept, because the mini-cluster and its API go away with the job.
 */
final class CheckpointStats implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(
            r -> {
                Thread t = new Thread(r, "checkpoint-stats");
                t.setDaemon(true);
                return t;
            });
    private volatile JsonNode last;

    CheckpointStats(int restPort, JobID job) {
        URI uri = URI.create("http://127.0.0.1:" + restPort + "/jobs/" + job + "/checkpoints");
        poller.scheduleWithFixedDelay(() -> read(uri), 1, 1, TimeUnit.SECONDS);
    }

    private void read(URI uri) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                last = JSON.readTree(r.body());
            }
        } catch (Exception e) {
            // The job is starting or gone: the last answer stands.
        }
    }

    /**
     * One line: checkpoints completed, their size as written (incremental: the new part) and
     * the full state size, and their end-to-end duration; "no checkpoint" without one.
     */
    String summary() {
        JsonNode s = last;
        if (s == null || s.path("counts").path("completed").asLong() == 0) {
            return "checkpoints: none completed";
        }
        JsonNode sum = s.path("summary");
        return String.format("checkpoints: %d completed, %d failed; checkpointed size avg %.1f MB"
                        + " max %.1f MB; full state max %.1f MB; end-to-end duration avg %d ms"
                        + " max %d ms", s.path("counts").path("completed").asLong(),
                s.path("counts").path("failed").asLong(),
                mb(sum.path("checkpointed_size").path("avg")),
                mb(sum.path("checkpointed_size").path("max")),
                mb(sum.path("state_size").path("max")),
                sum.path("end_to_end_duration").path("avg").asLong(),
                sum.path("end_to_end_duration").path("max").asLong());
    }

    private static double mb(JsonNode bytes) {
        return bytes.asDouble() / 1e6;
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
