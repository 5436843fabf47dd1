package io.regimeflow.job;

import io.regimeflow.connectors.jdbc.JdbcSettings;
import io.regimeflow.connectors.jdbc.JdbcSinks;
import io.regimeflow.connectors.jdbc.SqlDialect;
import io.regimeflow.connectors.kafka.MarketRecordTopic;
import io.regimeflow.connectors.kafka.OutputTopics;
import io.regimeflow.connectors.webhook.WebhookSettings;
import io.regimeflow.connectors.webhook.WebhookSink;
import io.regimeflow.dashboard.DashboardSink;
import io.regimeflow.dashboard.TickThrottle;
import io.regimeflow.functions.AnalysisSettings;
import io.regimeflow.functions.cascade.CascadeSettings;
import io.regimeflow.functions.correlation.CorrelationSettings;
import io.regimeflow.functions.funding.FundingSettings;
import io.regimeflow.functions.trend.TrendSettings;
import io.regimeflow.functions.volatility.VolatilitySettings;
import io.regimeflow.job.config.RegimeflowConfig;
import io.regimeflow.job.config.WebhookTargets;
import io.regimeflow.job.summary.RunFigures;
import io.regimeflow.model.BuiltCandle;
import io.regimeflow.model.Candle;
import io.regimeflow.model.FeatureSnapshot;
import io.regimeflow.model.MarketEvent;
import io.regimeflow.model.MarketRecord;
import io.regimeflow.model.Timeframe;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Turns a configuration into a runnable job: environment, source, pipeline and sinks. */
public final class RegimeflowJob {

    private RegimeflowJob() {}

    /**
     * The execution environment. Generic types are off (a Kryo fallback fails the job at build
     * time instead of silently slowing it) and uids are never generated (a stateful operator
     * without one fails at build time instead of losing its state at the next upgrade).
     *
     * @param local a {@code java -jar} run: also gets a bounded restart strategy, so that a
     *     persistent failure ends the run with its cause instead of restarting forever
     */
    public static StreamExecutionEnvironment environment(RegimeflowConfig config, boolean local) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
        conf.set(PipelineOptions.NAME, config.job().name());
        RegimeflowConfig.Checkpointing cp = config.checkpointing();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, cp.interval());
        conf.set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, cp.timeout());
        conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE,
                CheckpointingMode.EXACTLY_ONCE);
        if (cp.dir() != null) {
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, cp.dir());
        }
        if (local) {
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY,
                    Duration.ofSeconds(5));
            // The end-of-run summary reads the source's counters from the local mini-cluster.
            conf.addAll(RunFigures.reporterConfiguration());
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        if (config.job().parallelism() != null) {
            env.setParallelism(config.job().parallelism());
        }
        return env;
    }

    /** The JDBC sink settings, or null when the JDBC sink is off. */
    public static JdbcSettings jdbcSettings(RegimeflowConfig config) {
        RegimeflowConfig.Jdbc j = config.sinks().jdbc();
        if (!j.enabled()) {
            return null;
        }
        return new JdbcSettings(j.url(), j.username(), j.password(), j.batchSize(),
                j.batchInterval().toMillis(), j.maxRetries());
    }

    /** The configured sinks, without the dashboard. */
    public static PipelineSinks sinks(RegimeflowConfig config) {
        return sinks(config, null);
    }

    /**
     * The configured sinks.
     *
     * @param dashboardIngest where the dashboard sinks connect, or null for none
     */
    public static PipelineSinks sinks(RegimeflowConfig config, URI dashboardIngest) {
        return sinks(config, dashboardIngest, List.of());
    }

    /**
     * The configured sinks.
     *
     * @param dashboardGreeting messages the dashboard hub gets first on every connection
     */
    public static PipelineSinks sinks(RegimeflowConfig config, URI dashboardIngest,
            List<String> dashboardGreeting) {
        List<PipelineSinks.Output<BuiltCandle>> candles = new ArrayList<>();
        List<PipelineSinks.Output<FeatureSnapshot>> snapshots = new ArrayList<>();
        List<PipelineSinks.Output<MarketEvent>> events = new ArrayList<>();
        List<PipelineSinks.Output<Candle>> minutes = new ArrayList<>();
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
            DeliveryGuarantee guarantee = kafka.deliveryGuarantee()
                    == RegimeflowConfig.DeliveryGuarantee.EXACTLY_ONCE
                            ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE;
            OutputTopics.Settings topics = new OutputTopics.Settings(kafka.bootstrapServers(),
                    guarantee, kafka.transactionalIdPrefix(),
                    kafka.transactionTimeout().toMillis());
            events.add(new PipelineSinks.Output<>("kafka-events-sink",
                    OutputTopics.events(topics, kafka.eventsTopic()), null));
            snapshots.add(new PipelineSinks.Output<>("kafka-snapshots-sink",
                    OutputTopics.snapshots(topics, kafka.snapshotsTopic()), null));
        }
        if (dashboardIngest != null) {
            RegimeflowConfig.Dashboard d = config.dashboard();
            candles.add(new PipelineSinks.Output<>("dashboard-candles-sink", new DashboardSink<>(
                    dashboardIngest, d.ingestToken(), "candle", d.buffer(),
                    (BuiltCandle c) -> c.interval() == Timeframe.H1), null));
            snapshots.add(new PipelineSinks.Output<>("dashboard-snapshots-sink",
                    new DashboardSink<>(dashboardIngest, d.ingestToken(), "snapshot", d.buffer(),
                            (FeatureSnapshot x) -> true), null));
            events.add(new PipelineSinks.Output<>("dashboard-events-sink", new DashboardSink<>(
                    dashboardIngest, d.ingestToken(), "event", d.buffer(),
                    (MarketEvent x) -> true), null));
            // The ticks flow every second: the sink that greets a (restarted) hub soonest.
            minutes.add(new PipelineSinks.Output<>("dashboard-ticks-sink", new DashboardSink<>(
                    dashboardIngest, d.ingestToken(), "tick", d.buffer(), new TickThrottle(),
                    dashboardGreeting), null));
        }
        return new PipelineSinks(candles, snapshots, events, minutes);
    }

    /** The analyses' settings from the configuration. */
    public static AnalysisSettings analysisSettings(RegimeflowConfig config) {
        RegimeflowConfig.Analysis a = config.analysis();
        RegimeflowConfig.Volatility v = a.volatility();
        RegimeflowConfig.Funding f = a.funding();
        RegimeflowConfig.Cascade c = a.cascade();
        RegimeflowConfig.Trend t = a.trend();
        RegimeflowConfig.Correlation k = a.correlation();
        return new AnalysisSettings(config.symbols(),
                new VolatilitySettings(v.returnWindow(), v.baselineWindow(), v.baselineMin(),
                        v.boundaries().get(0), v.boundaries().get(1), v.boundaries().get(2),
                        v.hysteresis(), v.clusteringWindow()),
                new FundingSettings(f.history().toMillis(), f.minHistory(), f.anomalyZ(),
                        f.persistenceWindow().toMillis(), f.retention().toMillis(),
                        f.reversalHorizon().toMillis()),
                new CascadeSettings((int) c.window().toMinutes(),
                        c.severityThresholds().stream().mapToDouble(Double::doubleValue)
                                .toArray(), c.longDominance(), c.shortDominance(), c.bookBin(),
                        c.eventMinSeverity(), (int) c.refireAfter().toMinutes()),
                new TrendSettings(t.lookback(), t.zThreshold(), t.heatThreshold(),
                        t.chopEfficiency(), t.confirmAgreement()),
                new CorrelationSettings(k.shortWindow(), k.longWindow(), k.minReturns(),
                        k.breakMinCorr(), k.breakRatio(), k.leadThreshold()));
    }

    /** Builds the whole job into {@code env}. */
    public static void build(StreamExecutionEnvironment env, RegimeflowConfig config,
            Instant now) {
        build(env, config, now, null);
    }

    /** Builds the whole job into {@code env}, with dashboard sinks when an ingest URL is given. */
    public static void build(StreamExecutionEnvironment env, RegimeflowConfig config,
            Instant now, URI dashboardIngest) {
        build(env, config, now, dashboardIngest, List.of());
    }

    /** As above, the dashboard hub greeted with {@code dashboardGreeting} on every connection. */
    public static void build(StreamExecutionEnvironment env, RegimeflowConfig config,
            Instant now, URI dashboardIngest, List<String> dashboardGreeting) {
        RegimeflowPipeline.build(env, MarketSources.input(config, now), analysisSettings(config),
                sinks(config, dashboardIngest, dashboardGreeting));
    }

    /** Builds the publish job: the configured source's raw records into the Kafka topic. */
    public static void buildPublisher(StreamExecutionEnvironment env, RegimeflowConfig config,
            Instant now) {
        env.fromSource(MarketSources.create(config, now), MarketSources.watermarks(config),
                        "market-data", TypeInformation.of(MarketRecord.class))
                .uid("market-data-source")
                .sinkTo(MarketRecordTopic.sink(config.kafka().bootstrapServers(),
                        config.kafka().topic(), config.symbols()))
                .name("kafka-market-records")
                .uid("kafka-market-records");
    }
}
