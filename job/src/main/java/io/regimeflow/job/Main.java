package io.regimeflow.job;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The jar's entry point, with no Flink types in it. On a cluster ({@code flink run}) Flink is on
 * the classpath and this hands over to {@link RegimeflowCli} at once. Under {@code java -jar}
 * Flink is not in the jar (it is {@code provided}), so this puts it back: it runs the job in a
 * child JVM whose classpath is the jar plus the Flink runtime that the build copies to
 * {@code flink-lib/} beside it, where it runs on an embedded mini-cluster. (A class loader inside
 * this JVM is not enough: the mini-cluster resolves job classes through the system class loader.)
 */
public final class Main {

    static final String CLI_CLASS = "io.regimeflow.job.RegimeflowCli";
    /** Tells the child JVM it was started by this launcher (and may exit with a status). */
    static final String LOCAL_LAUNCHER = "regimeflow.local-launcher";
    static final String FLINK_PROBE =
            "org/apache/flink/streaming/api/environment/StreamExecutionEnvironment.class";

    /** The JDK internals Flink's runtime reflects on (Flink's own scripts pass the same). */
    static final List<String> FLINK_JVM_FLAGS = List.of(
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED");

    private Main() {}

    public static void main(String[] args) throws Throwable {
        if (Main.class.getClassLoader().getResource(FLINK_PROBE) != null) {
            try {
                Class.forName(CLI_CLASS).getMethod("main", String[].class)
                        .invoke(null, (Object) args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            return;
        }
        Path jar = ownJar();
        Path lib = jar.getParent().resolve("flink-lib");
        if (!Files.isDirectory(lib)) {
            System.err.println("regimeflow: the Flink runtime is not on the classpath and there "
                    + "is no " + lib + "; run the jar from job/target after 'mvn package', or "
                    + "submit it to a cluster with 'flink run'");
            System.exit(1);
        }
        System.exit(runLocally(jar, lib, args));
    }

    private static int runLocally(Path jar, Path lib, String[] args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Keep what the user gave this JVM (-Xmx, -D...), and add what Flink needs. Options
        // from JAVA_TOOL_OPTIONS reach the child through the environment: not twice.
        String toolOptions = System.getenv().getOrDefault("JAVA_TOOL_OPTIONS", "");
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!toolOptions.contains(arg)) {
                command.add(arg);
            }
        }
        command.addAll(FLINK_JVM_FLAGS);
        command.add("-D" + LOCAL_LAUNCHER + "=true");
        if (System.getProperty("log4j2.configurationFile") == null) {
            command.add("-Dlog4j2.configurationFile=regimeflow-log4j2.properties");
        }
        command.add("-cp");
        command.add(jar + File.pathSeparator + lib.resolve("*"));
        command.add(CLI_CLASS);
        command.addAll(Arrays.asList(args));
        Process child = new ProcessBuilder(command).inheritIO().start();
        // Ctrl-C or a kill of this process stops the job too (the child's hooks stop Flink).
        Thread stopChild = new Thread(() -> {
            child.destroy();
            try {
                if (!child.waitFor(30, TimeUnit.SECONDS)) {
                    child.destroyForcibly();
                }
            } catch (InterruptedException e) {
                child.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(stopChild);
        // Ctrl-C reaches both processes; a SIGTERM may reach this one only: either way the
        // child stops in order and says so, and its status (0) is this one's.
        StopSignals.onStop(child::destroy);
        int code = child.waitFor();
        try {
            Runtime.getRuntime().removeShutdownHook(stopChild);
        } catch (IllegalStateException shuttingDown) {
            // We were stopped (Ctrl-C, kill): the hook is already stopping the child.
        }
        return code;
    }

    private static Path ownJar() throws IOException {
        try {
            Path p = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation()
                    .toURI());
            if (!Files.isRegularFile(p)) {
                throw new IOException("regimeflow is not running from a jar (" + p + ")");
            }
            return p;
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }
}
