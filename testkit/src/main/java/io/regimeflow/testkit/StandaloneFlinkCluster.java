package io.regimeflow.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A real Flink standalone session cluster on this machine, without Docker and without the Flink
 * distribution: a JobManager ({@code StandaloneSessionClusterEntrypoint}) and TaskManagers
 * ({@code TaskManagerRunner}) as separate JVMs whose classpath is a Flink runtime assembled from
 * Maven Central (flink-conf's {@code target/flink/lib}).
 *
 * <p>The configuration is the production one ({@code flink-conf/config.yaml}) with only what a
 * single machine needs changed: loopback addresses, free ports, local checkpoint folders, small
 * TaskManagers of one slot each with explicit memory sizes (a TaskManager started without
 * Flink's scripts must be told them), and a short heartbeat so a killed TaskManager is noticed
 * in seconds. Jobs are submitted with Flink's own CLI ({@code flink run}) in a JVM of its own,
 * and watched over the REST API, as a data engineer would.
 */
public final class StandaloneFlinkCluster implements AutoCloseable {

    /** A command-line invocation's exit status and everything it printed. */
    public record CliResult(int exitCode, String output) {}

    /** Thrown by a condition that can no longer hold (the job ended, the process died). */
    public static final class Hopeless extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        public Hopeless(String message) {
            super(message);
        }
    }

    /**
     * A condition polled every 200 ms until it holds or the timeout passes; any exception but
     * {@link Hopeless} (a 503 during the JobManager's leader election, a refused connection) is
     * taken as "not yet".
     */
    public interface Condition {
        boolean holds() throws Exception;
    }

    private final FlinkClusterConfig config;
    private final ClusterLogs logs;
    private final FlinkHttp http;
    private final FlinkProcesses processes;
    private final Process jobManager;
    private final Thread reaper;

    private StandaloneFlinkCluster(Path lib, Path home, FlinkClusterConfig config)
            throws IOException {
        Path conf = Files.createDirectories(home.resolve("conf"));
        this.logs = new ClusterLogs(home);
        this.config = config;
        this.http = new FlinkHttp(config.rest());
        config.write(conf);
        this.processes = new FlinkProcesses(lib, conf, config, logs);
        // Processes must not outlive the tests, even when the test JVM is stopped.
        this.reaper = new Thread(processes::destroyAll, "flink-cluster-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        this.jobManager = processes.startJobManager();
    }

    /**
     * Starts a JobManager and {@code taskManagers} TaskManagers of one slot each and waits until
     * all have registered.
     *
     * @param lib the Flink runtime's jars
     * @param productionConfig the cluster configuration to start from (flink-conf/config.yaml)
     * @param home a folder for the generated configuration, logs, checkpoints and savepoints
     * @throws IllegalStateException when there is no runtime at {@code lib}, or the cluster is
     *     not up within minutes (the processes are ended)
     */
    public static StandaloneFlinkCluster start(Path lib, Path productionConfig, Path home,
            int taskManagers) throws IOException, InterruptedException {
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("no Flink runtime at " + lib + "; build the "
                    + "flink-conf module first (mvn package)");
        }
        StandaloneFlinkCluster cluster = new StandaloneFlinkCluster(lib, home,
                FlinkClusterConfig.forThisMachine(productionConfig, home));
        try {
            // A JVM start takes seconds when idle and much longer on a shared CI machine that
            // builds something else; a process that died stops the wait at once (Hopeless).
            cluster.awaitRest(Duration.ofMinutes(3));
            for (int i = 0; i < taskManagers; i++) {
                cluster.startTaskManager();
            }
            cluster.awaitTaskManagers(taskManagers, Duration.ofMinutes(3));
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Starts one more TaskManager, resource id {@code tm-<n>}; returns n. */
    public int startTaskManager() throws IOException {
        return processes.startTaskManager();
    }

    /** The resource id TaskManager {@code n} registers with (as the REST API names it). */
    public static String taskManagerId(int n) {
        return "tm-" + n;
    }

    /** Kills TaskManager {@code n} with SIGKILL: no shutdown hook, no goodbye to the cluster. */
    public void killTaskManager(int n) throws InterruptedException {
        processes.killTaskManager(n);
    }

    /** Waits until exactly {@code count} TaskManagers are registered with the JobManager. */
    public void awaitTaskManagers(int count, Duration timeout) throws InterruptedException {
        await("TaskManagers registered: " + count, timeout, () -> {
            JsonNode overview = get("/overview");
            return overview.path("taskmanagers").asInt() == count;
        });
    }

    /** Flink's CLI, {@code flink <args>}, against this cluster; waits for it to exit. */
    public CliResult cli(Duration timeout, String... args)
            throws IOException, InterruptedException {
        return processes.cli(timeout, args);
    }

    /** GET on the REST API; fails on any status but 200. */
    public JsonNode get(String path) {
        return http.get(path);
    }

    /** The state of a job (RUNNING, FINISHED, FAILED, ...). */
    public String jobState(String jobId) {
        return get("/jobs/" + jobId).path("state").asText();
    }

    /** Waits for a job to reach {@code state}; fails early when it ends in another. */
    public void awaitJobState(String jobId, String state, Duration timeout)
            throws InterruptedException {
        await("job " + jobId + " " + state, timeout, () -> {
            String now = jobState(jobId);
            if (!now.equals(state) && List.of("FINISHED", "FAILED", "CANCELED").contains(now)) {
                throw new Hopeless("job " + jobId + " ended " + now + " instead of "
                        + state + "; exceptions: " + get("/jobs/" + jobId + "/exceptions"));
            }
            return now.equals(state);
        });
    }

    /** The job's checkpoint statistics ({@code counts}, {@code latest.completed}, ...). */
    public JsonNode checkpoints(String jobId) {
        return get("/jobs/" + jobId + "/checkpoints");
    }

    /** The ids of the TaskManagers running a subtask of the vertex whose name matches. */
    public List<String> taskManagersRunning(String jobId, Predicate<String> vertexName) {
        List<String> ids = new ArrayList<>();
        for (JsonNode v : get("/jobs/" + jobId).path("vertices")) {
            if (vertexName.test(v.path("name").asText())) {
                for (JsonNode tm : get("/jobs/" + jobId + "/vertices/" + v.path("id").asText()
                        + "/taskmanagers").path("taskmanagers")) {
                    ids.add(tm.path("taskmanager-id").asText());
                }
            }
        }
        return ids;
    }

    /**
     * The metrics the Prometheus reporter of every live process exposes right now, as the text
     * exposition format (one scrape per process, concatenated).
     */
    public String scrapePrometheus() {
        int[] ports = config.prometheusPorts();
        return http.scrapePrometheus(ports[0], ports[1]);
    }

    /** The last lines of every process's log, for a failure message. */
    public String logTails(int lines) {
        return logs.tails(lines);
    }

    /**
     * Polls {@code condition} until it holds.
     *
     * @throws IllegalStateException when {@code timeout} passes first, with the last error
     * @throws Hopeless as soon as the condition throws it
     */
    public static void await(String what, Duration timeout, Condition condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (Hopeless e) {
                throw e;
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("timed out after " + timeout + " waiting for " + what
                + (last == null ? "" : " (last error: " + last + ")"));
    }

    @Override
    public void close() {
        processes.destroyAll();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running already.
        }
    }

    private void awaitRest(Duration timeout) throws InterruptedException {
        await("the JobManager's REST API at " + http.rest(), timeout, () -> {
            if (!jobManager.isAlive()) {
                throw new Hopeless("the JobManager exited with "
                        + jobManager.exitValue() + ":\n" + logTails(40));
            }
            get("/overview");
            return true;
        });
    }

    /** Where the build put things, from the system properties the build sets. */
    public static Path path(String property) {
        String v = System.getProperty(property);
        if (v == null) {
            throw new IllegalStateException("system property " + property + " is not set; run "
                    + "the tests through Maven");
        }
        return Path.of(v);
    }
}
