package io.regimeflow.job;

import io.regimeflow.connectors.kafka.MarketRecordTopic;
import io.regimeflow.job.config.RegimeflowConfig;
import io.regimeflow.model.MarketEvent;
import io.regimeflow.model.MarketRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Builds the two jobs a configuration can run into an environment. */
public final class JobGraphs {

    private JobGraphs() {}

    /**
     * The analysis job: the configured source, the analyses and the sinks, with dashboard sinks
     * when a feed is given.
     */
    static void analysis(StreamExecutionEnvironment env, RegimeflowConfig config, Instant now,
            Optional<DashboardFeed> dashboard) {
        RegimeflowPipeline.build(env, MarketSources.input(config, now),
                AnalysisSettingsFactory.create(config),
                PipelineSinksFactory.create(config, dashboard));
    }

    /**
     * The analysis job exactly as a run of {@code config} builds it (no dashboard), except that
     * the configured source is wrapped by {@code wrapSource} and {@code extraEvents} receive the
     * events beside the configured sinks: the alert-latency bench times each record's emit and
     * each event's arrival at the sinks this way, on the job's own wiring.
     */
    public static void analysis(StreamExecutionEnvironment env, RegimeflowConfig config,
            Instant now, UnaryOperator<Source<MarketRecord, ?, ?>> wrapSource,
            List<PipelineSinks.Output<MarketEvent>> extraEvents) {
        MarketInput input = MarketSources.input(config, now);
        PipelineSinks sinks = PipelineSinksFactory.create(config, Optional.empty());
        List<PipelineSinks.Output<MarketEvent>> events = new ArrayList<>(sinks.events());
        events.addAll(extraEvents);
        RegimeflowPipeline.build(env, new MarketInput(wrapSource.apply(input.source()),
                        input.watermarks(), input.atLeastOnce()),
                AnalysisSettingsFactory.create(config), new PipelineSinks(sinks.candles(),
                        sinks.snapshots(), events, sinks.minutes(), sinks.pairCorrelations()));
    }

    /** The publish job: the configured source's raw records into the Kafka topic. */
    static void publisher(StreamExecutionEnvironment env, RegimeflowConfig config, Instant now) {
        env.fromSource(MarketSources.create(config, now), MarketSources.watermarks(config),
                        "market-data", TypeInformation.of(MarketRecord.class))
                .uid("market-data-source")
                .sinkTo(MarketRecordTopic.sink(config.kafka().bootstrapServers(),
                        config.kafka().topic(), config.symbols()))
                .name("kafka-market-records")
                .uid("kafka-market-records");
    }
}
