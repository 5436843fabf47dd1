package io.regimeflow.testkit;

import io.regimeflow.testkit.StandaloneFlinkCluster.CliResult;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The JVMs of a {@link StandaloneFlinkCluster}, each started on the Flink runtime's jars with the
 * cluster's configuration folder and its output captured in {@link ClusterLogs}: the JobManager,
 * the TaskManagers (kept by number) and runs of Flink's CLI.
 */
final class FlinkProcesses {

    private static final String JOB_MANAGER =
            "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    private static final String TASK_MANAGER =
            "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    private static final String CLI = "org.apache.flink.client.cli.CliFrontend";

    private final Path lib;
    private final Path conf;
    private final FlinkClusterConfig config;
    private final List<String> jvmOptions;
    private final ClusterLogs logs;
    private final List<Process> taskManagers = new ArrayList<>();
    private Process jobManager;

    FlinkProcesses(Path lib, Path conf, FlinkClusterConfig config, ClusterLogs logs) {
        this.lib = lib;
        this.conf = conf;
        this.config = config;
        this.jvmOptions = config.jvmOptions();
        this.logs = logs;
    }

    /** Starts the JobManager; it does not wait for it to be up. */
    synchronized Process startJobManager() throws IOException {
        jobManager = launch("jobmanager", JOB_MANAGER, List.of("-Xmx768m"), List.of());
        return jobManager;
    }

    /**
     * Starts TaskManager n, the next number, with the configured memory and resource id
     * {@link StandaloneFlinkCluster#taskManagerId}(n); returns n.
     */
    synchronized int startTaskManager() throws IOException {
        int n = taskManagers.size();
        long heap = config.mb("taskmanager.memory.framework.heap.size")
                + config.mb("taskmanager.memory.task.heap.size");
        long direct = config.mb("taskmanager.memory.framework.off-heap.size")
                + config.mb("taskmanager.memory.task.off-heap.size")
                + config.mb("taskmanager.memory.network.max");
        taskManagers.add(launch("taskmanager-" + n, TASK_MANAGER,
                List.of("-Xmx" + heap + "m", "-Xms" + heap + "m",
                        "-XX:MaxDirectMemorySize=" + direct + "m",
                        "-XX:MaxMetaspaceSize=" + config.mb("taskmanager.memory.jvm-metaspace.size")
                                + "m"),
                List.of("-D", "taskmanager.resource-id="
                        + StandaloneFlinkCluster.taskManagerId(n))));
        return n;
    }

    /**
     * Kills TaskManager {@code n} with SIGKILL and waits for it to die.
     *
     * @throws IllegalStateException when it is still alive after {@link Await#PATIENT}
     */
    synchronized void killTaskManager(int n) throws InterruptedException {
        Process p = taskManagers.get(n);
        p.destroyForcibly();
        if (!p.waitFor(Await.PATIENT.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("TaskManager " + n + " did not die within "
                    + Await.PATIENT.toSeconds() + " s of SIGKILL");
        }
    }

    /**
     * Runs Flink's CLI with {@code args} and waits for it to exit.
     *
     * @throws IllegalStateException when it runs longer than {@code timeout} (it is killed)
     */
    CliResult cli(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> command = java(List.of("-Xmx512m",
                "-Dlog.file=" + logs.log("cli"),
                "-Dlog4j.configurationFile=" + conf.resolve("log4j-cli.properties").toUri()));
        command.add(CLI);
        command.addAll(Arrays.asList(args));
        Path output = logs.newCliOutput();
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

    /**
     * Ends every process: SIGTERM, then SIGKILL for one still alive after 20 s (or when
     * interrupted).
     */
    synchronized void destroyAll() {
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

    private Process launch(String name, String mainClass, List<String> memory,
            List<String> dynamicProperties) throws IOException {
        List<String> options = new ArrayList<>(memory);
        options.add("-Dlog.file=" + logs.log(name));
        options.add("-Dlog4j.configurationFile=" + conf.resolve("log4j.properties").toUri());
        List<String> command = java(options);
        command.add(mainClass);
        command.add("--configDir");
        command.add(conf.toString());
        command.addAll(dynamicProperties);
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logs.output(name).toFile()).start();
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
}
