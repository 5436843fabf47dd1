package io.regimeflow.connectors.kafka;

import io.regimeflow.model.MarketJson;
import io.regimeflow.model.MarketRecord;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * A Kafka topic of raw market records, JSON values keyed by symbol (so one symbol's records keep
 * their order in one partition): the source for teams that ingest market data themselves, and
 * the sink of the publish command that fills it.
 */
public final class MarketRecordTopic {

    /** Where to start without committed offsets. */
    public enum Start {
        EARLIEST,
        LATEST,
        /** Committed offsets only: a group without them fails instead of guessing. */
        COMMITTED
    }

    private MarketRecordTopic() {}

    public static KafkaSource<MarketRecord> source(String bootstrapServers, String topic,
            String groupId, Start start) {
        OffsetsInitializer offsets = switch (start) {
            case EARLIEST -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            case LATEST -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.LATEST);
            case COMMITTED -> OffsetsInitializer.committedOffsets();
        };
        return KafkaSource.<MarketRecord>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(offsets)
                .setValueOnlyDeserializer(new MarketRecordDeserializer())
                .setProperty("commit.offsets.on.checkpoint", "true")
                .build();
    }

    /** At-least-once: a record written twice after a failure is the same record. */
    public static KafkaSink<MarketRecord> sink(String bootstrapServers, String topic) {
        return KafkaSink.<MarketRecord>builder()
                .setBootstrapServers(bootstrapServers)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer(KafkaRecordSerializationSchema.<MarketRecord>builder()
                        .setTopic(topic)
                        .setKeySerializationSchema((MarketRecord r) -> r.data().symbol()
                                .getBytes(StandardCharsets.UTF_8))
                        .setValueSerializationSchema((MarketRecord r) -> MarketJson
                                .writeBytes(r))
                        .build())
                .build();
    }
}
