package io.regimeflow.job;

import io.regimeflow.connectors.kafka.MarketRecordTopic;
import io.regimeflow.job.config.RegimeflowConfig;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The publish command: the configured source's raw records into the Kafka topic. */
final class PublishRun {

    private PublishRun() {}

    /** Prepares the topic and runs the publish job; returns the exit status. */
    static int run(RegimeflowConfig config, boolean local, PrintStream out, PrintStream err) {
        if (config.source().type() == RegimeflowConfig.SourceType.kafka) {
            err.println("regimeflow: config error: source.type = 'kafka': expected simulator or "
                    + "binance for publish (it writes to kafka.topic)");
            return RegimeflowCli.BAD_CONFIG;
        }
        RegimeflowConfig.Kafka kafka = config.kafka();
        int partitions;
        try {
            partitions = MarketRecordTopic.prepare(kafka.bootstrapServers(), kafka.topic(),
                    config.symbols().size(), Duration.ofSeconds(30));
        } catch (IllegalStateException e) {
            err.println("regimeflow: cannot publish to topic " + kafka.topic() + ": "
                    + e.getMessage());
            return RegimeflowCli.FAILED;
        }
        if (partitions < config.symbols().size()) {
            err.println("regimeflow: warning: topic " + kafka.topic() + " has " + partitions
                    + " partitions for " + config.symbols().size() + " symbols; symbols "
                    + "sharing a partition must stay within source.max-out-of-orderness of "
                    + "each other, or the consumer counts the one behind as late (add "
                    + "partitions: one per symbol)");
        }
        Instant now = Instant.now();
        StreamExecutionEnvironment flink = ExecutionEnvironmentFactory.create(config, local);
        JobGraphs.publisher(flink, config, now);
        out.println("regimeflow: publishing " + config.source().type() + " records of "
                + config.symbols() + " to topic " + kafka.topic() + " (" + partitions
                + " partitions) at " + kafka.bootstrapServers());
        try {
            flink.execute(config.job().name() + "-publish");
        } catch (Exception e) {
            err.println("regimeflow: publish failed: " + RunReport.rootCause(e));
            return RegimeflowCli.FAILED;
        }
        return RegimeflowCli.OK;
    }
}
