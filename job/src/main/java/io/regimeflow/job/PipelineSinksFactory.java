package io.regimeflow.job;

import io.regimeflow.connectors.jdbc.JdbcSettings;
import io.regimeflow.connectors.jdbc.JdbcSinks;
import io.regimeflow.connectors.jdbc.SqlDialect;
import io.regimeflow.connectors.kafka.OutputTopics;
import io.regimeflow.connectors.webhook.WebhookSettings;
import io.regimeflow.connectors.webhook.WebhookSink;
import io.regimeflow.dashboard.DashboardSink;
import io.regimeflow.dashboard.HubMessageKind;
import io.regimeflow.dashboard.PairCorrelationThrottle;
import io.regimeflow.dashboard.TickThrottle;
import io.regimeflow.job.config.RegimeflowConfig;
import io.regimeflow.job.config.WebhookTargets;
import io.regimeflow.model.BuiltCandle;
import io.regimeflow.model.Candle;
import io.regimeflow.model.FeatureSnapshot;
import io.regimeflow.model.HourlyPairCorrelation;
import io.regimeflow.model.MarketEvent;
import io.regimeflow.model.Timeframe;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds the configured sinks of the analysis job. */
public final class PipelineSinksFactory {

    private PipelineSinksFactory() {}

    /** The JDBC sink settings, or null when the JDBC sink is off. */
    public static JdbcSettings jdbcSettings(RegimeflowConfig config) {
        RegimeflowConfig.Jdbc j = config.sinks().jdbc();
        if (!j.enabled()) {
            return null;
        }
        return new JdbcSettings(j.url(), j.username(), j.password(), j.batchSize(),
                j.batchInterval().toMillis(), j.maxRetries());
    }

    /**
     * The configured sinks.
     *
     * @param dashboard where the dashboard sinks send, if anywhere
     */
    static PipelineSinks create(RegimeflowConfig config, Optional<DashboardFeed> dashboard) {
        List<PipelineSinks.Output<BuiltCandle>> candles = new ArrayList<>();
        List<PipelineSinks.Output<FeatureSnapshot>> snapshots = new ArrayList<>();
        List<PipelineSinks.Output<MarketEvent>> events = new ArrayList<>();
        List<PipelineSinks.Output<Candle>> minutes = new ArrayList<>();
        List<PipelineSinks.Output<HourlyPairCorrelation>> pairs = new ArrayList<>();
        JdbcSettings jdbc = jdbcSettings(config);
        if (jdbc != null) {
            // SQLite has a single writer; one sink writer each avoids lock contention.
            Integer parallelism = jdbc.dialect() == SqlDialect.SQLITE ? 1 : null;
            candles.add(new PipelineSinks.Output<>("candles-sink", JdbcSinks.candles(jdbc),
                    parallelism));
            snapshots.add(new PipelineSinks.Output<>("snapshots-sink",
                    JdbcSinks.snapshots(jdbc), parallelism));
            events.add(new PipelineSinks.Output<>("events-sink", JdbcSinks.events(jdbc),
                    parallelism));
            pairs.add(new PipelineSinks.Output<>("pair-correlations-sink",
                    JdbcSinks.pairCorrelations(jdbc), parallelism));
        }
        WebhookSettings webhooks = WebhookTargets.settings(config.sinks().webhooks(), jdbc);
        if (webhooks != null) {
            // One writer: each target then sees one sequence of events, in order, behind one
            // circuit breaker and one backlog limit. Events are few; one writer keeps up.
            events.add(new PipelineSinks.Output<>("webhooks-sink", new WebhookSink(webhooks),
                    1));
        }
        RegimeflowConfig.KafkaSinks kafka = config.sinks().kafka();
        if (kafka.enabled()) {
            OutputTopics.Settings topics = new OutputTopics.Settings(kafka.bootstrapServers(),
                    kafka.deliveryGuarantee(), kafka.transactionalIdPrefix(),
                    kafka.transactionTimeout().toMillis());
            events.add(new PipelineSinks.Output<>("kafka-events-sink",
                    OutputTopics.events(topics, kafka.eventsTopic()), null));
            snapshots.add(new PipelineSinks.Output<>("kafka-snapshots-sink",
                    OutputTopics.snapshots(topics, kafka.snapshotsTopic()), null));
            pairs.add(new PipelineSinks.Output<>("kafka-pair-correlations-sink",
                    OutputTopics.pairCorrelations(topics, kafka.pairCorrelationsTopic()), null));
        }
        if (dashboard.isPresent()) {
            URI dashboardIngest = dashboard.get().ingest();
            RegimeflowConfig.Dashboard d = config.dashboard();
            candles.add(new PipelineSinks.Output<>("dashboard-candles-sink", new DashboardSink<>(
                    dashboardIngest, d.ingestToken(), HubMessageKind.CANDLE, d.buffer(),
                    (BuiltCandle c) -> c.interval() == Timeframe.H1), null));
            snapshots.add(new PipelineSinks.Output<>("dashboard-snapshots-sink",
                    new DashboardSink<>(dashboardIngest, d.ingestToken(), HubMessageKind.SNAPSHOT,
                            d.buffer(),
                            (FeatureSnapshot x) -> true), null));
            events.add(new PipelineSinks.Output<>("dashboard-events-sink", new DashboardSink<>(
                    dashboardIngest, d.ingestToken(), HubMessageKind.EVENT, d.buffer(),
                    (MarketEvent x) -> true), null));
            // Every pair, for the heatmap at any universe size (the snapshots keep only each
            // symbol's breaks and strongest pairs); thinned to a pair a second in a backfill.
            pairs.add(new PipelineSinks.Output<>("dashboard-pair-correlations-sink",
                    new DashboardSink<>(dashboardIngest, d.ingestToken(),
                            HubMessageKind.PAIR_CORRELATION, d.buffer(),
                            new PairCorrelationThrottle()), null));
            // The ticks flow every second: the sink that greets a (restarted) hub soonest.
            minutes.add(new PipelineSinks.Output<>("dashboard-ticks-sink", new DashboardSink<>(
                    dashboardIngest, d.ingestToken(), HubMessageKind.TICK, d.buffer(),
                            new TickThrottle(),
                    dashboard.get().greeting()), null));
        }
        return new PipelineSinks(candles, snapshots, events, minutes, pairs);
    }
}
