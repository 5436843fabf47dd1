package io.regimeflow.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration of a {@link StandaloneFlinkCluster}: the production one (flattened to Flink's
 * dotted keys) with only what a single machine needs changed, and the files Flink reads it from.
 */
final class FlinkClusterConfig {

    private static final ObjectMapper JSON = new ObjectMapper();

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

    private final Map<String, String> values;

    private FlinkClusterConfig(Map<String, String> values) {
        this.values = values;
    }

    /**
     * The production configuration for this machine: loopback addresses, free ports, local
     * checkpoint and savepoint folders under {@code home}, TaskManagers of one slot each with
     * explicit memory sizes, and a short heartbeat.
     */
    static FlinkClusterConfig forThisMachine(Path productionConfig, Path home)
            throws IOException {
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
        return new FlinkClusterConfig(config);
    }

    /** {@code env.java.opts.all}, split: the options of every Flink JVM. */
    List<String> jvmOptions() {
        return Arrays.stream(values.getOrDefault("env.java.opts.all", "").split("\\s+"))
                .filter(s -> !s.isBlank()).toList();
    }

    /** The JobManager's REST API. */
    URI rest() {
        return URI.create("http://127.0.0.1:" + values.get("rest.port"));
    }

    /** The ports the Prometheus reporters may take, first and last. */
    int[] prometheusPorts() {
        String[] range = values.get("metrics.reporter.prom.port").split("-");
        return new int[] {Integer.parseInt(range[0]), Integer.parseInt(range[1])};
    }

    /**
     * A memory size in megabytes.
     *
     * @throws IllegalStateException when it is not written in megabytes ({@code 128m})
     */
    long mb(String key) {
        String v = values.get(key).trim().toLowerCase();
        if (!v.endsWith("m")) {
            throw new IllegalStateException(key + " = " + v + ": expected megabytes (e.g. 128m)");
        }
        return Long.parseLong(v.substring(0, v.length() - 1));
    }

    /**
     * Writes {@code config.yaml} and the log4j configurations of the processes
     * ({@code log4j.properties}) and of the CLI ({@code log4j-cli.properties}) into {@code conf}.
     */
    void write(Path conf) throws IOException {
        StringBuilder yaml = new StringBuilder(
                "# Generated by StandaloneFlinkCluster from the production config.yaml\n");
        for (Map.Entry<String, String> e : values.entrySet()) {
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
}
