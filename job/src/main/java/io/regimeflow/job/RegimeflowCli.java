package io.regimeflow.job;

import io.regimeflow.connectors.jdbc.JdbcSettings;
import io.regimeflow.connectors.jdbc.SchemaMigrator;
import io.regimeflow.job.config.CommandLine;
import io.regimeflow.job.config.ConfigException;
import io.regimeflow.job.config.ConfigLoader;
import io.regimeflow.job.config.RegimeflowConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ExceptionUtils;

/**
 * The entry point once Flink is on the classpath: reads the configuration, prepares the database,
 * builds and runs the job. Exit status 2 is a configuration problem (reported in one line before
 * anything starts), 1 a failure at run time.
 */
public final class RegimeflowCli {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_CONFIG = 2;

    private RegimeflowCli() {}

    public static void main(String[] args) {
        int code = run(args, System.getenv(), Path.of("").toAbsolutePath(), System.out,
                System.err);
        if (code != OK) {
            System.exit(code);
        }
    }

    static int run(String[] args, Map<String, String> env, Path workingDir, PrintStream out,
            PrintStream err) {
        RegimeflowConfig config;
        try {
            CommandLine cli = CommandLine.parse(args);
            if (cli.help()) {
                out.print(usage());
                return OK;
            }
            config = ConfigLoader.load(cli, env, workingDir);
        } catch (ConfigException e) {
            err.println("regimeflow: config error: " + e.getMessage());
            return BAD_CONFIG;
        }

        JdbcSettings jdbc = RegimeflowJob.jdbcSettings(config);
        if (jdbc != null) {
            try {
                SchemaMigrator.migrate(jdbc);
            } catch (SQLException | RuntimeException e) {
                err.println("regimeflow: cannot prepare the database at " + jdbc.redactedUrl()
                        + ": " + e.getMessage());
                return FAILED;
            }
        }

        Instant now = Instant.now();
        StreamExecutionEnvironment flink = RegimeflowJob.environment(config,
                StreamExecutionEnvironment.getExecutionEnvironment() instanceof
                        LocalStreamEnvironment);
        RegimeflowJob.build(flink, config, now);
        out.println("regimeflow: " + describe(config, jdbc, now));
        long started = System.nanoTime();
        try {
            flink.execute(config.job().name());
        } catch (Exception e) {
            Throwable root = ExceptionUtils.stripExecutionException(e);
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            err.println("regimeflow: job failed: " + root);
            return FAILED;
        }
        if (config.source().end() != null) {
            out.printf("regimeflow: finished in %.1f s%s%n", (System.nanoTime() - started) / 1e9,
                    jdbc == null ? "" : "; " + candleCounts(jdbc));
        }
        return OK;
    }

    private static String describe(RegimeflowConfig config, JdbcSettings jdbc, Instant now) {
        RegimeflowConfig.Source s = config.source();
        Instant start = s.start() != null ? s.start() : now;
        String range = s.end() != null ? "from " + start + " to " + s.end()
                : "from " + start + ", unbounded (stop with Ctrl-C)";
        return s.type() + " source, " + config.symbols().size() + " symbols "
                + config.symbols() + ", " + range + "; candles -> "
                + (jdbc == null ? "nowhere (sinks.jdbc.enabled is false)" : jdbc.redactedUrl());
    }

    private static String candleCounts(JdbcSettings jdbc) {
        StringBuilder sb = new StringBuilder("candles table now holds");
        try (Connection c = jdbc.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT interval, COUNT(*) FROM candles "
                        + "GROUP BY interval ORDER BY MIN(close_time - open_time)")) {
            while (rs.next()) {
                sb.append(' ').append(rs.getString(1)).append('=').append(rs.getLong(2));
            }
        } catch (SQLException e) {
            return "could not count candles: " + e.getMessage();
        }
        return sb.toString();
    }

    static String usage() {
        return String.join(System.lineSeparator(),
                "usage: java -jar regimeflow-job.jar [--config FILE] [--KEY VALUE]...",
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
