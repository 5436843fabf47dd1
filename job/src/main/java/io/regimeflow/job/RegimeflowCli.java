package io.regimeflow.job;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.regimeflow.connectors.exchange.config.ExchangeSourceSettings;
import io.regimeflow.connectors.exchange.derivatives.DerivativesVenue;
import io.regimeflow.connectors.exchange.derivatives.VenueProbe;
import io.regimeflow.connectors.exchange.http.ExchangeResponseException;
import io.regimeflow.connectors.exchange.http.ExchangeUnreachableException;
import io.regimeflow.connectors.exchange.spot.SpotSymbols;
import io.regimeflow.connectors.jdbc.JdbcSettings;
import io.regimeflow.connectors.jdbc.SchemaMigrator;
import io.regimeflow.connectors.jdbc.SqlDialect;
import io.regimeflow.connectors.jdbc.SqliteFileBusyException;
import io.regimeflow.connectors.jdbc.SqliteFileLock;
import io.regimeflow.connectors.kafka.MarketRecordTopic;
import io.regimeflow.dashboard.DashboardHub;
import io.regimeflow.dashboard.HubSettings;
import io.regimeflow.job.config.CommandLine;
import io.regimeflow.job.config.ConfigException;
import io.regimeflow.job.config.ConfigLoader;
import io.regimeflow.job.config.RegimeflowConfig;
import io.regimeflow.job.summary.RunFigures;
import io.regimeflow.job.summary.RunSummary;
import io.regimeflow.model.MarketJson;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.DetachedJobExecutionResult;
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

        boolean local = isLocal();
        if (publish) {
            return publish(config, local, out, err);
        }
        JdbcSettings jdbc = RegimeflowJob.jdbcSettings(config);
        if (jdbc != null && !local && jdbc.dialect() == SqlDialect.SQLITE
                && !isAbsoluteSqliteFile(jdbc.url())) {
            err.println("regimeflow: config error: sinks.jdbc.url = '" + jdbc.url() + "': "
                    + "expected jdbc:postgresql://... on a cluster (a relative SQLite file "
                    + "would be a different file on each TaskManager)");
            return BAD_CONFIG;
        }
        String untraded = untradedSymbols(config, err);
        if (untraded != null) {
            err.println("regimeflow: config error: symbols = " + config.symbols() + ": "
                    + untraded);
            return BAD_CONFIG;
        }
        // One job per SQLite file: held from before the migration until the run ends (a
        // bounded run that finished, a failure, or the process exiting on Ctrl-C).
        SqliteFileLock writing = null;
        if (jdbc != null && jdbc.sqliteFile().isPresent()) {
            Path file = jdbc.sqliteFile().get();
            try {
                writing = SqliteFileLock.acquire(file, "regimeflow job '" + config.job().name()
                        + "'", Duration.ZERO);
            } catch (SqliteFileBusyException e) {
                err.println("regimeflow: " + file + " is being written by another regimeflow "
                        + "run (" + e.holder() + "); wait for that run to end or stop it, or "
                        + "give this run a file of its own (--db jdbc:sqlite:other.db)");
                return FAILED;
            } catch (IOException e) {
                err.println("regimeflow: cannot lock " + file + " for writing: " + e);
                return FAILED;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                err.println("regimeflow: interrupted while taking " + file);
                return FAILED;
            }
        }
        try {
            return migrateAndRun(config, jdbc, local, out, err);
        } finally {
            closeQuietly(writing);
        }
    }

    private static int migrateAndRun(RegimeflowConfig config, JdbcSettings jdbc, boolean local,
            PrintStream out, PrintStream err) {
        if (jdbc != null) {
            try {
                SchemaMigrator.migrate(jdbc);
            } catch (SQLException | RuntimeException e) {
                err.println("regimeflow: cannot prepare the database at " + jdbc.redactedUrl()
                        + ": " + e.getMessage());
                return FAILED;
            }
        }

        DashboardHub hub;
        try {
            hub = startDashboard(config, jdbc, local, out);
        } catch (Exception e) {
            err.println("regimeflow: cannot start the dashboard on " + config.dashboard().host()
                    + ":" + config.dashboard().port() + ": " + e.getMessage() + " (another "
                    + "program on that port? set --dashboard.port, or --dashboard.enabled false)");
            return FAILED;
        }
        Instant now = Instant.now();
        out.println("regimeflow: " + describe(config, jdbc, now));
        List<String> greeting = new ArrayList<>();
        greeting.add(SourceGreeting.message(config));
        greeting.addAll(derivativesStatus(config, out, err));
        StreamExecutionEnvironment flink = RegimeflowJob.environment(config, local);
        RegimeflowJob.build(flink, config, now, dashboardIngest(config, hub), greeting);
        long started = System.nanoTime();
        JobExecutionResult result;
        try {
            result = flink.execute(config.job().name());
        } catch (Exception e) {
            err.println("regimeflow: job failed: " + rootCause(e));
            return FAILED;
        } finally {
            // The page shows a running job; a finished or failed one leaves the database.
            closeQuietly(hub);
        }
        if (result instanceof DetachedJobExecutionResult) {
            out.println("regimeflow: submitted job " + result.getJobID());
            if (jdbc != null && jdbc.sqliteFile().isPresent()) {
                err.println("regimeflow: note: " + jdbc.sqliteFile().get() + " is no longer held "
                        + "once this client exits, so another run could write it too; on a "
                        + "cluster use PostgreSQL");
            }
        } else if (config.source().end() != null || (config.source().type()
                == RegimeflowConfig.SourceType.kafka && config.kafka().stopAtEnd())) {
            out.printf("regimeflow: finished in %.1f s%s%n", (System.nanoTime() - started) / 1e9,
                    jdbc == null ? "" : "; " + candleCounts(jdbc));
            summarize(config, now, result, out);
        }
        return OK;
    }

    /**
     * The end-of-run summary of a bounded run from the exchange (README: "The end-of-run
     * summary"), from the counters the local mini-cluster kept; on a remote cluster, where they
     * stay, says where to find them.
     */
    private static void summarize(RegimeflowConfig config, Instant now, JobExecutionResult result,
            PrintStream out) {
        if (config.source().type() != RegimeflowConfig.SourceType.binance
                || config.source().end() == null) {
            return;
        }
        ExchangeSourceSettings settings = MarketSources.binanceSettings(config, now);
        Optional<RunFigures> figures = RunFigures.take(result.getJobID().toString());
        if (figures.isEmpty()) {
            out.println("regimeflow: the per-symbol figures of this run are in the job's "
                    + "metrics (split recordsEmitted, missingMinutes, irregularRows, "
                    + "rejectedRequests; symbol lateRecords)");
            return;
        }
        RunSummary.lines(config.symbols(), settings.startMs(), settings.endMs(),
                figures.get().bySymbol(), figures.get().restarted()).forEach(out::println);
    }

    /**
     * Asks the spot exchange which configured symbols it trades (Binance source only): a symbol
     * it does not list, or lists but does not trade, would emit nothing live and hold back event
     * time for all the others. A bounded run (history) is only warned: the exchange may still
     * serve the past of a symbol it no longer trades, and refusals are reported by the source.
     *
     * @return what is wrong, for a config error line, or null when all are traded, the run is
     *     bounded, or the exchange could not be asked (said on {@code err})
     */
    private static String untradedSymbols(RegimeflowConfig config, PrintStream err) {
        if (config.source().type() != RegimeflowConfig.SourceType.binance) {
            return null;
        }
        URI spot = URI.create(config.binance().spotUrl());
        Map<String, String> untraded;
        try {
            untraded = SpotSymbols.notTraded(spot, config.symbols(),
                    config.binance().requestTimeout());
        } catch (ExchangeResponseException e) {
            err.println("regimeflow: warning: could not check the symbols against " + spot.getHost()
                    + " (" + e.getMessage() + "); going on");
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        if (untraded.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        untraded.forEach((symbol, why) -> sb.append(sb.length() == 0 ? "" : ", ").append(symbol)
                .append(" is not traded on ").append(spot.getHost()).append(" (").append(why)
                .append(")"));
        if (config.source().end() != null) {
            err.println("regimeflow: warning: " + sb + "; this bounded run goes on with what "
                    + "the exchange still serves of them");
            return null;
        }
        return sb + "; expected symbols its GET /api/v3/exchangeInfo lists as TRADING";
    }

    /**
     * The in-process hub of a local run, or null: off, a hub of its own configured
     * (dashboard.hub-url), or a cluster without one.
     */
    private static DashboardHub startDashboard(RegimeflowConfig config, JdbcSettings jdbc,
            boolean local, PrintStream out) throws Exception {
        RegimeflowConfig.Dashboard d = config.dashboard();
        if (!d.enabled() || d.hubUrl() != null) {
            return null;
        }
        if (!local) {
            out.println("regimeflow: no dashboard (on a cluster, run the hub on its own and set "
                    + "dashboard.hub-url)");
            return null;
        }
        DashboardHub hub = DashboardHub.start(new HubSettings(d.host(), d.port(),
                d.ingestToken(), jdbc == null ? null : jdbc.dialect().connectionUrl(jdbc.url()),
                jdbc == null ? null : jdbc.username(), jdbc == null ? null : jdbc.password()));
        out.println("regimeflow: dashboard at " + hub.url());
        return hub;
    }

    /** Where the dashboard sinks send: the in-process hub, the configured one, or nowhere. */
    private static URI dashboardIngest(RegimeflowConfig config, DashboardHub hub) {
        RegimeflowConfig.Dashboard d = config.dashboard();
        if (hub != null) {
            return hub.ingestUrl();
        }
        return d.enabled() && d.hubUrl() != null ? URI.create(d.hubUrl()) : null;
    }

    /**
     * Asks the derivatives venue once (Binance source only): one that refuses this region is
     * said in one line here, as are the symbols it lists no perpetual for and a venue without a
     * liquidation feed, and the dashboard is told. The job runs either way, with the spot
     * analyses.
     *
     * @return the dashboard message of the venue's state, or none
     */
    private static List<String> derivativesStatus(RegimeflowConfig config, PrintStream out,
            PrintStream err) {
        if (config.source().type() != RegimeflowConfig.SourceType.binance) {
            return List.of();
        }
        DerivativesVenue venue = config.derivatives().venue();
        RegimeflowConfig.Binance b = config.binance();
        if (b.liquidations() && !venue.offersLiquidations()) {
            out.println("regimeflow: note: " + venue.id() + " publishes no liquidation stream, "
                    + "so liquidation cascades stay empty; for them set derivatives.venue to "
                    + DerivativesVenue.alternativesTo(venue.id()));
        }
        URI rest = MarketSources.derivativesRestUrl(config);
        String reason = null;
        List<String> unlisted = List.of();
        if (b.funding() || b.liquidations()) {
            try {
                VenueProbe.Outcome probe = VenueProbe.check(venue, rest, config.symbols(),
                        b.requestTimeout());
                ExchangeResponseException refused = probe.regionRefusal();
                if (refused != null) {
                    reason = "refuses this region (HTTP " + refused.status() + ")";
                    err.println("regimeflow: derivatives venue " + venue.id() + " ("
                            + rest.getHost() + ") answered HTTP " + refused.status()
                            + ": it does not serve this region, so there is no funding and no "
                            + "liquidations; the spot analyses go on. "
                            + DerivativesVenue.switchAdvice(venue.id()) + ".");
                } else if (probe.perpetuals() != null) {
                    unlisted = probe.perpetuals().unlisted();
                    String line = VenueProbe.unlistedNotice(probe.perpetuals(), rest);
                    if (line != null) {
                        err.println("regimeflow: warning: " + line);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ObjectNode status = MarketJson.mapper().createObjectNode();
        status.put("venue", venue.id());
        status.put("funding", !b.funding() ? "off" : reason != null ? "unavailable"
                : "available");
        status.put("liquidations", !b.liquidations() ? "off"
                : !venue.offersLiquidations() ? "not offered"
                : reason != null ? "unavailable" : "available");
        if (reason != null) {
            status.put("reason", reason);
        }
        if (!unlisted.isEmpty()) {
            status.set("unlisted", MarketJson.mapper().valueToTree(unlisted));
        }
        ObjectNode message = MarketJson.mapper().createObjectNode();
        message.put("kind", "derivatives");
        message.set("data", status);
        return List.of(message.toString());
    }

    /** What made a run fail: the exchange's own words when it was the exchange, else the cause. */
    private static String rootCause(Exception e) {
        Throwable root = ExceptionUtils.stripExecutionException(e);
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root instanceof ExchangeUnreachableException ? root.getMessage() : root.toString();
    }

    private static void closeQuietly(AutoCloseable resource) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (Exception e) {
            // The process is ending anyway.
        }
    }

    /** The publish command: the configured source's raw records into the Kafka topic. */
    private static int publish(RegimeflowConfig config, boolean local, PrintStream out,
            PrintStream err) {
        if (config.source().type() == RegimeflowConfig.SourceType.kafka) {
            err.println("regimeflow: config error: source.type = 'kafka': expected simulator or "
                    + "binance for publish (it writes to kafka.topic)");
            return BAD_CONFIG;
        }
        RegimeflowConfig.Kafka kafka = config.kafka();
        int partitions;
        try {
            partitions = MarketRecordTopic.prepare(kafka.bootstrapServers(), kafka.topic(),
                    config.symbols().size(), Duration.ofSeconds(30));
        } catch (IllegalStateException e) {
            err.println("regimeflow: cannot publish to topic " + kafka.topic() + ": "
                    + e.getMessage());
            return FAILED;
        }
        if (partitions < config.symbols().size()) {
            err.println("regimeflow: warning: topic " + kafka.topic() + " has " + partitions
                    + " partitions for " + config.symbols().size() + " symbols; symbols "
                    + "sharing a partition must stay within source.max-out-of-orderness of "
                    + "each other, or the consumer counts the one behind as late (add "
                    + "partitions: one per symbol)");
        }
        Instant now = Instant.now();
        StreamExecutionEnvironment flink = RegimeflowJob.environment(config, local);
        RegimeflowJob.buildPublisher(flink, config, now);
        out.println("regimeflow: publishing " + config.source().type() + " records of "
                + config.symbols() + " to topic " + kafka.topic() + " (" + partitions
                + " partitions) at " + kafka.bootstrapServers());
        try {
            flink.execute(config.job().name() + "-publish");
        } catch (Exception e) {
            err.println("regimeflow: publish failed: " + rootCause(e));
            return FAILED;
        }
        return OK;
    }

    private static boolean isAbsoluteSqliteFile(String url) {
        return JdbcSettings.sqliteFileName(url).map(f -> Path.of(f).isAbsolute()).orElse(false);
    }

    private static String describe(RegimeflowConfig config, JdbcSettings jdbc, Instant now) {
        RegimeflowConfig.Source s = config.source();
        String sinks = "; candles -> "
                + (jdbc == null ? "nowhere (sinks.jdbc.enabled is false)" : jdbc.redactedUrl());
        if (s.type() == RegimeflowConfig.SourceType.kafka) {
            RegimeflowConfig.Kafka k = config.kafka();
            return "kafka source, topic " + k.topic() + " at " + k.bootstrapServers()
                    + ", group " + k.groupId() + ", " + (k.stopAtEnd()
                            ? "to the topic's current end" : "unbounded (stop with Ctrl-C)")
                    + sinks;
        }
        Instant start = s.start() != null ? s.start() : now;
        String source = s.type() == RegimeflowConfig.SourceType.binance
                ? "binance source (spot " + URI.create(config.binance().spotUrl()).getHost()
                        + ", derivatives " + config.derivatives().venue().id() + ")"
                : s.type() + " source";
        String range = s.end() != null ? "from " + start + " to " + s.end()
                : "from " + start + ", unbounded (stop with Ctrl-C)";
        return source + ", " + config.symbols().size() + " symbols "
                + config.symbols() + ", " + range + sinks;
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
