package io.regimeflow.job;

import io.regimeflow.connectors.kafka.MarketRecordTopic;
import io.regimeflow.job.config.RegimeflowConfig;
import io.regimeflow.model.MarketRecord;
import java.time.Instant;
import java.util.Optional;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Builds the two jobs a configuration can run into an environment. */
final class JobGraphs {

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
