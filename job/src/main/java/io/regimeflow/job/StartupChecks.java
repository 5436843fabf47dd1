package io.regimeflow.job;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.regimeflow.connectors.exchange.derivatives.DerivativesVenue;
import io.regimeflow.connectors.exchange.derivatives.VenueProbe;
import io.regimeflow.connectors.exchange.http.ExchangeResponseException;
import io.regimeflow.connectors.exchange.spot.SpotSymbols;
import io.regimeflow.connectors.jdbc.JdbcSettings;
import io.regimeflow.connectors.jdbc.SchemaMigrator;
import io.regimeflow.connectors.jdbc.SqlDialect;
import io.regimeflow.connectors.jdbc.SqliteFileBusyException;
import io.regimeflow.connectors.jdbc.SqliteFileLock;
import io.regimeflow.dashboard.HubMessageKind;
import io.regimeflow.job.config.RegimeflowConfig;
import io.regimeflow.model.MarketJson;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What is checked and prepared before the analysis job is built: the SQLite path, the symbols
 * against the spot exchange, the SQLite file's lock, the schema migration and the derivatives
 * venue. A check that stops the run throws {@link Refused} with the line to print; warnings and
 * notes are printed here and the run goes on.
 */
final class StartupChecks {

    /** A check that stops the run: the line to print and the exit status. */
    static final class Refused extends Exception {
        private final int status;

        Refused(int status, String line) {
            super(line, null, false, false);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    private final RegimeflowConfig config;
    private final PrintStream out;
    private final PrintStream err;

    StartupChecks(RegimeflowConfig config, PrintStream out, PrintStream err) {
        this.config = config;
        this.out = out;
        this.err = err;
    }

    /** On a cluster, a relative SQLite file would be a different file on each TaskManager. */
    void sqlitePathFitsCluster(JdbcSettings jdbc, boolean local) throws Refused {
        if (jdbc != null && !local && jdbc.dialect() == SqlDialect.SQLITE
                && !isAbsoluteSqliteFile(jdbc.url())) {
            throw new Refused(RegimeflowCli.BAD_CONFIG, "regimeflow: config error: "
                    + "sinks.jdbc.url = '" + jdbc.url() + "': expected jdbc:postgresql://... on "
                    + "a cluster (a relative SQLite file would be a different file on each "
                    + "TaskManager)");
        }
    }

    private static boolean isAbsoluteSqliteFile(String url) {
        return JdbcSettings.sqliteFileName(url).map(f -> Path.of(f).isAbsolute()).orElse(false);
    }

    /**
     * Asks the spot exchange which configured symbols it trades (Binance source only): a symbol
     * it does not list, or lists but does not trade, would emit nothing live and hold back event
     * time for all the others. A bounded run (history) is only warned: the exchange may still
     * serve the past of a symbol it no longer trades, and refusals are reported by the source.
     * The run goes on when the exchange could not be asked (said on {@code err}).
     */
    void symbolsTraded() throws Refused {
        if (config.source().type() != RegimeflowConfig.SourceType.binance
                || config.universe() != null) {
            return; // a universe's symbols are TRADING by definition (UniverseAtStart)
        }
        URI spot = URI.create(config.binance().spotUrl());
        Map<String, String> untraded;
        try {
            untraded = SpotSymbols.notTraded(spot, config.symbols(),
                    config.binance().requestTimeout());
        } catch (ExchangeResponseException e) {
            err.println("regimeflow: warning: could not check the symbols against " + spot.getHost()
                    + " (" + e.getMessage() + "); going on");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (untraded.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        untraded.forEach((symbol, why) -> sb.append(sb.length() == 0 ? "" : ", ").append(symbol)
                .append(" is not traded on ").append(spot.getHost()).append(" (").append(why)
                .append(")"));
        if (config.source().end() != null) {
            err.println("regimeflow: warning: " + sb + "; this bounded run goes on with what "
                    + "the exchange still serves of them");
            return;
        }
        throw new Refused(RegimeflowCli.BAD_CONFIG, "regimeflow: config error: symbols = "
                + config.symbols() + ": " + sb + "; expected symbols its GET "
                + "/api/v3/exchangeInfo lists as TRADING");
    }

    /**
     * One job per SQLite file: the lock is held from before the migration until the run ends (a
     * bounded run that finished, a failure, or the process exiting on Ctrl-C).
     *
     * @return the lock to close when the run ends, or null when the sink writes no SQLite file
     */
    SqliteFileLock lockSqliteFile(JdbcSettings jdbc) throws Refused {
        if (jdbc == null || jdbc.sqliteFile().isEmpty()) {
            return null;
        }
        Path file = jdbc.sqliteFile().get();
        try {
            return SqliteFileLock.acquire(file, "regimeflow job '" + config.job().name() + "'",
                    Duration.ZERO);
        } catch (SqliteFileBusyException e) {
            throw new Refused(RegimeflowCli.FAILED, "regimeflow: " + file + " is being written "
                    + "by another regimeflow run (" + e.holder() + "); wait for that run to end "
                    + "or stop it, or give this run a file of its own (--db "
                    + "jdbc:sqlite:other.db)");
        } catch (IOException e) {
            throw new Refused(RegimeflowCli.FAILED, "regimeflow: cannot lock " + file
                    + " for writing: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused(RegimeflowCli.FAILED, "regimeflow: interrupted while taking "
                    + file);
        }
    }

    /** Creates or upgrades the tables the JDBC sink writes, when there is one. */
    void migrate(JdbcSettings jdbc) throws Refused {
        if (jdbc == null) {
            return;
        }
        try {
            SchemaMigrator.migrate(jdbc);
        } catch (SQLException | RuntimeException e) {
            throw new Refused(RegimeflowCli.FAILED, "regimeflow: cannot prepare the database at "
                    + jdbc.redactedUrl() + ": " + e.getMessage());
        }
    }

    /**
     * Asks the derivatives venue once (Binance source only): one that refuses this region is
     * said in one line here, as are the symbols it lists no perpetual for and a venue without a
     * liquidation feed, and the dashboard is told. The job runs either way, with the spot
     * analyses.
     *
     * @return the dashboard message of the venue's state, or none
     */
    List<String> derivativesStatus() {
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
        return List.of(HubMessageKind.DERIVATIVES.message(status));
    }
}
