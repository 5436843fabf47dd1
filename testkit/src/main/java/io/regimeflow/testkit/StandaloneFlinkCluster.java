package io.regimeflow.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JOB_MANAGER =
            "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    private static final String TASK_MANAGER =
            "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    private static final String CLI = "org.apache.flink.client.cli.CliFrontend";

    /** Memory of a test TaskManager, explicit as Flink's scripts would have computed it. */
    private static final Map<String, String> TASK_MANAGER_MEMORY = Map.of(
            "taskmanager.memory.framework.heap.size", "128m",
            "taskmanager.memory.task.heap.size", "512m",
            "taskmanager.memory.framework.off-heap.size", "128m",
            "taskmanager.memory.task.off-heap.size", "64m",
            "taskmanager.memory.managed.size", "256m",
            "taskmanager.memory.network.min", "64m",
            "taskmanager.memory.network.max", "64m",
            "taskmanager.memory.jvm-metaspace.size", "256m",
            "taskmanager.memory.jvm-overhead.min", "192m",
            "taskmanager.memory.jvm-overhead.max", "192m");

    private final Path lib;
    private final Path home;
    private final Path conf;
    private final Map<String, String> config;
    private final List<String> jvmOptions;
    private final URI rest;
    private final Process jobManager;
    private final List<Process> taskManagers = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Thread reaper;

    /** A command-line invocation's exit status and everything it printed. */
    public record CliResult(int exitCode, String output) {}

    private StandaloneFlinkCluster(Path lib, Path home, Map<String, String> config)
            throws IOException {
        this.lib = lib;
        this.home = home;
        this.conf = Files.createDirectories(home.resolve("conf"));
        Files.createDirectories(home.resolve("log"));
        this.config = config;
        this.jvmOptions = Arrays.stream(config.getOrDefault("env.java.opts.all", "").split("\\s+"))
                .filter(s -> !s.isBlank()).toList();
        this.rest = URI.create("http://127.0.0.1:" + config.get("rest.port"));
        writeConfig();
        // Processes must not outlive the tests, even when the test JVM is stopped.
        this.reaper = new Thread(this::destroyAll, "flink-cluster-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        this.jobManager = launch("jobmanager", JOB_MANAGER, List.of("-Xmx768m"), List.of());
    }

    /**
     * Starts a JobManager and {@code taskManagers} TaskManagers of one slot each and waits until
     * all have registered.
     *
     * @param lib the Flink runtime's jars
     * @param productionConfig the cluster configuration to start from (flink-conf/config.yaml)
     * @param home a folder for the generated configuration, logs, checkpoints and savepoints
     */
    public static StandaloneFlinkCluster start(Path lib, Path productionConfig, Path home,
            int taskManagers) throws IOException, InterruptedException {
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("no Flink runtime at " + lib + "; build the "
                    + "flink-conf module first (mvn package)");
        }
        Map<String, String> config = flatten(new ObjectMapper(new YAMLFactory())
                .readTree(productionConfig.toFile()));
        // A TaskManager started directly needs its memory spelled out, not derived from one
        // process size (Flink's scripts do that derivation).
        config.remove("taskmanager.memory.process.size");
        config.remove("taskmanager.memory.managed.fraction");
        config.putAll(TASK_MANAGER_MEMORY);
        config.put("jobmanager.rpc.address", "127.0.0.1");
        config.put("jobmanager.rpc.port", String.valueOf(freePort()));
        config.put("jobmanager.bind-host", "127.0.0.1");
        config.put("blob.server.port", String.valueOf(freePort()));
        config.put("rest.address", "127.0.0.1");
        config.put("rest.bind-address", "127.0.0.1");
        config.put("rest.port", String.valueOf(freePort()));
        config.put("taskmanager.host", "127.0.0.1");
        config.put("taskmanager.bind-host", "127.0.0.1");
        config.put("taskmanager.numberOfTaskSlots", "1");
        config.put("taskmanager.cpu.cores", "1");
        int prometheus = freePort();
        config.put("metrics.reporter.prom.port", prometheus + "-" + (prometheus + 20));
        config.put("execution.checkpointing.dir", home.resolve("checkpoints").toUri().toString());
        config.put("execution.checkpointing.savepoint-dir",
                home.resolve("savepoints").toUri().toString());
        // Production waits 50 s for a silent TaskManager; a test wants the loss noticed fast.
        config.put("heartbeat.interval", "1000");
        config.put("heartbeat.timeout", "8000");
        StandaloneFlinkCluster cluster = new StandaloneFlinkCluster(lib, home, config);
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
    public synchronized int startTaskManager() throws IOException {
        int n = taskManagers.size();
        long heap = mb("taskmanager.memory.framework.heap.size")
                + mb("taskmanager.memory.task.heap.size");
        long direct = mb("taskmanager.memory.framework.off-heap.size")
                + mb("taskmanager.memory.task.off-heap.size")
                + mb("taskmanager.memory.network.max");
        taskManagers.add(launch("taskmanager-" + n, TASK_MANAGER,
                List.of("-Xmx" + heap + "m", "-Xms" + heap + "m",
                        "-XX:MaxDirectMemorySize=" + direct + "m",
                        "-XX:MaxMetaspaceSize=" + mb("taskmanager.memory.jvm-metaspace.size")
                                + "m"),
                List.of("-D", "taskmanager.resource-id=" + taskManagerId(n))));
        return n;
    }

    /** The resource id TaskManager {@code n} registers with (as the REST API names it). */
    public static String taskManagerId(int n) {
        return "tm-" + n;
    }

    /** Kills TaskManager {@code n} with SIGKILL: no shutdown hook, no goodbye to the cluster. */
    public synchronized void killTaskManager(int n) throws InterruptedException {
        Process p = taskManagers.get(n);
        p.destroyForcibly();
        if (!p.waitFor(Await.PATIENT.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("TaskManager " + n + " did not die within "
                    + Await.PATIENT.toSeconds() + " s of SIGKILL");
        }
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
        List<String> command = java(List.of("-Xmx512m",
                "-Dlog.file=" + home.resolve("log/cli.log"),
                "-Dlog4j.configurationFile=" + conf.resolve("log4j-cli.properties").toUri()));
        command.add(CLI);
        command.addAll(Arrays.asList(args));
        Path output = Files.createTempFile(home.resolve("log"), "cli-", ".out");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        pb.environment().put("FLINK_CONF_DIR", conf.toString());
        Process p = pb.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("flink " + String.join(" ", args)
                    + " did not finish in " + timeout + "; it printed:\n"
                    + Files.readString(output));
        }
        return new CliResult(p.exitValue(), Files.readString(output));
    }

    /** GET on the REST API; fails on any status but 200. */
    public JsonNode get(String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(rest.resolve(path))
                    .timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + r.statusCode()
                        + ": " + r.body());
            }
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
        String[] range = config.get("metrics.reporter.prom.port").split("-");
        StringBuilder all = new StringBuilder();
        for (int port = Integer.parseInt(range[0]); port <= Integer.parseInt(range[1]); port++) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/metrics"))
                        .timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    all.append(r.body());
                }
            } catch (IOException e) {
                // No reporter on this port.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return all.toString();
    }

    /** The last lines of every process's log, for a failure message. */
    public String logTails(int lines) {
        StringBuilder sb = new StringBuilder();
        try (var files = Files.list(home.resolve("log"))) {
            for (Path f : files.sorted().toList()) {
                List<String> all = Files.readAllLines(f, StandardCharsets.UTF_8);
                sb.append("==> ").append(f.getFileName()).append(" <==\n");
                all.subList(Math.max(0, all.size() - lines), all.size())
                        .forEach(l -> sb.append(l).append('\n'));
            }
        } catch (IOException e) {
            sb.append("(logs unreadable: ").append(e.getMessage()).append(")\n");
        }
        return sb.toString();
    }

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
        destroyAll();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running already.
        }
    }

    private synchronized void destroyAll() {
        List<Process> all = new ArrayList<>(taskManagers);
        if (jobManager != null) {
            all.add(jobManager);
        }
        all.forEach(Process::destroy);
        for (Process p : all) {
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private void awaitRest(Duration timeout) throws InterruptedException {
        await("the JobManager's REST API at " + rest, timeout, () -> {
            if (!jobManager.isAlive()) {
                throw new Hopeless("the JobManager exited with "
                        + jobManager.exitValue() + ":\n" + logTails(40));
            }
            get("/overview");
            return true;
        });
    }

    private Process launch(String name, String mainClass, List<String> memory,
            List<String> dynamicProperties) throws IOException {
        List<String> options = new ArrayList<>(memory);
        options.add("-Dlog.file=" + home.resolve("log/" + name + ".log"));
        options.add("-Dlog4j.configurationFile=" + conf.resolve("log4j.properties").toUri());
        List<String> command = java(options);
        command.add(mainClass);
        command.add("--configDir");
        command.add(conf.toString());
        command.addAll(dynamicProperties);
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve("log/" + name + ".out").toFile()).start();
    }

    private List<String> java(List<String> options) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(options);
        command.add("-cp");
        command.add(lib.toAbsolutePath() + File.separator + "*");
        return command;
    }

    private void writeConfig() throws IOException {
        StringBuilder yaml = new StringBuilder(
                "# Generated by StandaloneFlinkCluster from the production config.yaml\n");
        for (Map.Entry<String, String> e : config.entrySet()) {
            // A JSON string is a YAML scalar; Flink converts it to the option's type.
            yaml.append(e.getKey()).append(": ").append(JSON.writeValueAsString(e.getValue()))
                    .append('\n');
        }
        Files.writeString(conf.resolve("config.yaml"), yaml);
        String log4j = String.join("\n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = MainAppender",
                "appender.main.name = MainAppender",
                "appender.main.type = File",
                "appender.main.append = true",
                "appender.main.fileName = ${sys:log.file}",
                "appender.main.layout.type = PatternLayout",
                "appender.main.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-50c{1.} - %m%n",
                "");
        Files.writeString(conf.resolve("log4j.properties"), log4j);
        // Flink's CLI reads log4j-cli.properties from the configuration folder.
        Files.writeString(conf.resolve("log4j-cli.properties"), log4j);
    }

    private long mb(String key) {
        String v = config.get(key).trim().toLowerCase();
        if (!v.endsWith("m")) {
            throw new IllegalStateException(key + " = " + v + ": expected megabytes (e.g. 128m)");
        }
        return Long.parseLong(v.substring(0, v.length() - 1));
    }

    private static Map<String, String> flatten(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        flatten("", node, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(),
                        out);
            }
        } else if (!node.isNull()) {
            out.put(prefix, node.isArray() ? joinList(node) : node.asText());
        }
    }

    private static String joinList(JsonNode array) {
        List<String> items = new ArrayList<>();
        array.forEach(n -> items.add(n.asText()));
        return String.join(";", items);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
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
