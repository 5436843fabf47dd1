package io.regimeflow.job;

import io.regimeflow.job.config.CommandLine;
import io.regimeflow.job.config.ConfigException;
import io.regimeflow.job.config.ConfigLoader;
import io.regimeflow.job.config.RegimeflowConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The entry point once Flink is on the classpath: parses the command line, loads the
 * configuration and hands over to {@link AnalysisRun} or {@link PublishRun}. Exit status 2 is a
 * configuration problem (reported in one line before anything starts), 1 a failure at run time.
 */
public final class RegimeflowCli {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_CONFIG = 2;

    private RegimeflowCli() {}

    public static void main(String[] args) {
        boolean launched = Boolean.getBoolean(Main.LOCAL_LAUNCHER);
        if (launched) {
            // If the launcher dies without stopping us (kill -9), stop too.
            ProcessHandle.current().parent().ifPresent(p -> p.onExit()
                    .thenRun(() -> Runtime.getRuntime().halt(FAILED)));
        }
        if (launched || isLocal()) {
            // Stopping a run is what Ctrl-C is for: say so and end with status 0; the exit's
            // hooks stop Flink and release the SQLite file.
            StopSignals.onStop(() -> {
                System.out.println("regimeflow: stopped; what was written so far stays in "
                        + "the database");
                System.exit(OK);
            });
        }
        int code = run(args, System.getenv(), Path.of("").toAbsolutePath(), System.out,
                System.err);
        if (code == OK) {
            return;
        }
        if (launched || isLocal()) {
            System.exit(code);
        }
        // Inside a cluster process (application mode runs main in the JobManager) an exit
        // would take the process down: fail the submission instead.
        throw new IllegalStateException("regimeflow did not start (exit status " + code
                + "); the reason is printed above");
    }

    private static boolean isLocal() {
        return StreamExecutionEnvironment.getExecutionEnvironment()
                instanceof LocalStreamEnvironment;
    }

    static int run(String[] args, Map<String, String> env, Path workingDir, PrintStream out,
            PrintStream err) {
        RegimeflowConfig config;
        boolean publish;
        try {
            CommandLine cli = CommandLine.parse(args);
            publish = cli.publish();
            if (cli.help()) {
                out.print(usage());
                return OK;
            }
            config = ConfigLoader.load(cli, env, workingDir);
        } catch (ConfigException e) {
            err.println("regimeflow: config error: " + e.getMessage());
            return BAD_CONFIG;
        }
        try {
            config = UniverseAtStart.resolve(config, out);
        } catch (StartupChecks.Refused e) {
            err.println(e.getMessage());
            return e.status();
        }
        boolean local = isLocal();
        return publish ? PublishRun.run(config, local, out, err)
                : AnalysisRun.run(config, local, out, err);
    }

    static String usage() {
        return String.join(System.lineSeparator(),
                "usage: java -jar regimeflow-job.jar [--config FILE] [--KEY VALUE]...",
                "       java -jar regimeflow-job.jar publish [--config FILE] [--KEY VALUE]...",
                "         (the configured source's raw records into kafka.topic)",
                "       flink run regimeflow-job.jar [--config FILE] [--KEY VALUE]...",
                "",
                "Configuration: built-in defaults, then FILE (default ./regimeflow.yaml when",
                "present, or $REGIMEFLOW_CONFIG), then REGIMEFLOW_* environment variables, then",
                "flags. Any key can be a flag: --sinks.jdbc.url jdbc:sqlite:my.db",
                "Short flags: --source (source.type), --start, --end (source.start/end),",
                "  --seed, --speed (simulator.*), --db (sinks.jdbc.url),",
                "  --parallelism (job.parallelism)",
                "Every key and its default: regimeflow-defaults.yaml in the jar, and the README.",
                "",
                "Example, a bounded simulated week into the SQLite file regimeflow.db:",
                "  java -jar regimeflow-job.jar --source simulator --start 2024-01-01 "
                        + "--end 2024-01-08",
                "");
    }
}
