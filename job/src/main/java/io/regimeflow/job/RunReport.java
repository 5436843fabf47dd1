package io.regimeflow.job;

import io.regimeflow.connectors.exchange.config.ExchangeSourceSettings;
import io.regimeflow.connectors.exchange.http.ExchangeUnreachableException;
import io.regimeflow.connectors.jdbc.JdbcSettings;
import io.regimeflow.job.config.RegimeflowConfig;
import io.regimeflow.job.summary.RunFigures;
import io.regimeflow.job.summary.RunSummary;
import java.io.PrintStream;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.util.ExceptionUtils;

/** The lines a run prints about itself: what it runs, why it failed, what it wrote. */
final class RunReport {

    private RunReport() {}

    /** The one-line description of the run printed before it starts. */
    static String describe(RegimeflowConfig config, JdbcSettings jdbc, Instant now) {
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
        // Where the source really starts: a live run first reads (or simulates) its history.
        Instant start = switch (s.type()) {
            case simulator -> Instant.ofEpochMilli(
                    MarketSources.simulatorSettings(config, now).startMs());
            case binance -> Instant.ofEpochMilli(
                    MarketSources.binanceSettings(config, now).startMs());
            case kafka -> s.start() != null ? s.start() : now;
        };
        String source = s.type() == RegimeflowConfig.SourceType.binance
                ? "binance source (spot " + URI.create(config.binance().spotUrl()).getHost()
                        + ", derivatives " + config.derivatives().venue().id() + ")"
                : s.type() + " source";
        String range = s.end() != null ? "from " + start + " to " + s.end()
                : "from " + start + (start.isBefore(now.minusSeconds(60))
                        ? " (the history as fast as it comes, then live)" : "")
                        + ", unbounded (stop with Ctrl-C)";
        String symbols = config.universe() == null ? ""
                : " (universe of " + UniverseAtStart.of(config).describe() + ", now)";
        return source + ", " + config.symbols().size() + " symbols "
                + config.symbols() + symbols + ", " + range + sinks;
    }

    /** What made a run fail: the exchange's own words when it was the exchange, else the cause. */
    static String rootCause(Exception e) {
        Throwable root = ExceptionUtils.stripExecutionException(e);
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root instanceof ExchangeUnreachableException ? root.getMessage() : root.toString();
    }

    /** How many candles of each interval the candles table holds after a bounded run. */
    static String candleCounts(JdbcSettings jdbc) {
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

    /**
     * The end-of-run summary of a bounded run from the exchange (README: "The end-of-run
     * summary"), from the counters the local mini-cluster kept; on a remote cluster, where they
     * stay, says where to find them.
     */
    static void summarize(RegimeflowConfig config, Instant now, JobExecutionResult result,
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
}
