package io.regimeflow.job;

import io.regimeflow.connectors.jdbc.JdbcSettings;
import io.regimeflow.connectors.jdbc.SqliteFileLock;
import io.regimeflow.dashboard.DashboardHub;
import io.regimeflow.dashboard.HubSettings;
import io.regimeflow.job.config.RegimeflowConfig;
import java.io.PrintStream;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.DetachedJobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A run of the analysis job: the start-up checks, the in-process dashboard hub of a local run,
 * the job itself and what is printed when it ends.
 */
final class AnalysisRun {

    private final RegimeflowConfig config;
    private final boolean local;
    private final PrintStream out;
    private final PrintStream err;

    private AnalysisRun(RegimeflowConfig config, boolean local, PrintStream out,
            PrintStream err) {
        this.config = config;
        this.local = local;
        this.out = out;
        this.err = err;
    }

    /** Checks, prepares and runs the analysis job; returns the exit status. */
    static int run(RegimeflowConfig config, boolean local, PrintStream out, PrintStream err) {
        return new AnalysisRun(config, local, out, err).run();
    }

    private int run() {
        JdbcSettings jdbc = PipelineSinksFactory.jdbcSettings(config);
        StartupChecks checks = new StartupChecks(config, out, err);
        SqliteFileLock writing;
        try {
            checks.sqlitePathFitsCluster(jdbc, local);
            checks.symbolsTraded();
            writing = checks.lockSqliteFile(jdbc);
        } catch (StartupChecks.Refused e) {
            err.println(e.getMessage());
            return e.status();
        }
        try {
            checks.migrate(jdbc);
            return startAndRun(checks, jdbc);
        } catch (StartupChecks.Refused e) {
            err.println(e.getMessage());
            return e.status();
        } finally {
            closeQuietly(writing);
        }
    }

    private int startAndRun(StartupChecks checks, JdbcSettings jdbc) {
        DashboardHub hub;
        try {
            hub = startDashboard(jdbc);
        } catch (Exception e) {
            err.println("regimeflow: cannot start the dashboard on " + config.dashboard().host()
                    + ":" + config.dashboard().port() + ": " + e.getMessage() + " (another "
                    + "program on that port? set --dashboard.port, or --dashboard.enabled false)");
            return RegimeflowCli.FAILED;
        }
        Instant now = Instant.now();
        out.println("regimeflow: " + RunReport.describe(config, jdbc, now));
        List<String> greeting = new ArrayList<>();
        greeting.add(SourceGreeting.message(config));
        greeting.addAll(checks.derivativesStatus());
        StreamExecutionEnvironment flink = ExecutionEnvironmentFactory.create(config, local);
        JobGraphs.analysis(flink, config, now,
                dashboardIngest(hub).map(ingest -> new DashboardFeed(ingest, greeting)));
        long started = System.nanoTime();
        JobExecutionResult result;
        try {
            result = flink.execute(config.job().name());
        } catch (Exception e) {
            err.println("regimeflow: job failed: " + RunReport.rootCause(e));
            return RegimeflowCli.FAILED;
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
        } else if (config.ends()) {
            out.printf("regimeflow: finished in %.1f s%s%n", (System.nanoTime() - started) / 1e9,
                    jdbc == null ? "" : "; " + RunReport.candleCounts(jdbc));
            RunReport.summarize(config, now, result, out);
        }
        return RegimeflowCli.OK;
    }

    /**
     * The in-process hub of a local run, or null: off, a hub of its own configured
     * (dashboard.hub-url), or a cluster without one.
     */
    private DashboardHub startDashboard(JdbcSettings jdbc) throws Exception {
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
    private Optional<URI> dashboardIngest(DashboardHub hub) {
        RegimeflowConfig.Dashboard d = config.dashboard();
        if (hub != null) {
            return Optional.of(hub.ingestUrl());
        }
        return d.enabled() && d.hubUrl() != null ? Optional.of(URI.create(d.hubUrl()))
                : Optional.empty();
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
}
