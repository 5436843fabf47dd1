package io.regimeflow.connectors.kafka;

import io.regimeflow.model.MarketJson;
import io.regimeflow.model.MarketRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

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

    /**
     * The topic as a source.
     *
     * @param stopAtEnd read to the end offsets the topic has when the job starts, then finish
     */
    public static KafkaSource<MarketRecord> source(String bootstrapServers, String topic,
            String groupId, Start start, boolean stopAtEnd) {
        OffsetsInitializer offsets = switch (start) {
            case EARLIEST -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            case LATEST -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.LATEST);
            case COMMITTED -> OffsetsInitializer.committedOffsets();
        };
        KafkaSourceBuilder<MarketRecord> builder = KafkaSource.<MarketRecord>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(offsets)
                .setValueOnlyDeserializer(new MarketRecordDeserializer())
                .setProperty("commit.offsets.on.checkpoint", "true");
        if (stopAtEnd) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /**
     * Event time for the source, per partition: timestamps from the records, watermarks from the
     * closed candles ({@link CandleClockWatermarks}); a partition without a candle for
     * {@code idleness} stops holding back the others.
     */
    public static WatermarkStrategy<MarketRecord> watermarks(Duration maxOutOfOrderness,
            Duration idleness) {
        long bound = maxOutOfOrderness.toMillis();
        long idle = idleness.toMillis();
        return WatermarkStrategy.<MarketRecord>forGenerator(ctx -> new CandleClockWatermarks(
                        bound, idle, System::currentTimeMillis))
                .withTimestampAssigner((record, previous) -> record.data().eventTime());
    }

    /**
     * Makes sure the topic exists before publishing: creates it with one partition per symbol
     * when missing, and returns its partition count (fewer than the symbols: some share a
     * partition, and their event times then have to stay within the consumer's
     * out-of-orderness of each other).
     */
    public static int prepare(String bootstrapServers, String topic, int partitions,
            Duration timeout) {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()))) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                try {
                    Map<String, TopicDescription> found = admin.describeTopics(List.of(topic))
                            .allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    return found.get(topic).partitions().size();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw new IllegalStateException("cannot describe topic " + topic + " at "
                                + bootstrapServers + ": " + e.getCause().getMessage(), e);
                    }
                }
                try {
                    // Replication from the broker's default.replication.factor.
                    admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions),
                            Optional.empty()))).all().get(timeout.toMillis(),
                                    TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic + " at "
                                + bootstrapServers + ": " + e.getCause().getMessage(), e);
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topic " + topic + " was created but is not "
                            + "visible at " + bootstrapServers + " after " + timeout);
                }
                Thread.sleep(200);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer from Kafka at " + bootstrapServers
                    + " within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * At-least-once: a record written twice after a failure is the same record, and the
     * analyses keep the first of identical records. Each symbol of {@code symbols} goes to its
     * own partition ({@link SymbolPartitioner}), in the order the source emitted it.
     */
    public static KafkaSink<MarketRecord> sink(String bootstrapServers, String topic,
            List<String> symbols) {
        return KafkaSink.<MarketRecord>builder()
                .setBootstrapServers(bootstrapServers)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer(KafkaRecordSerializationSchema.<MarketRecord>builder()
                        .setTopic(topic)
                        .setPartitioner(new SymbolPartitioner(symbols))
                        .setKeySerializationSchema(new SymbolKey())
                        .setValueSerializationSchema(new RecordJson())
                        .build())
                .build();
    }

    // Named classes, not lambdas: the sink's lineage reads the element type from them.

    /** The message key: the symbol, so one symbol's records stay in one partition. */
    static final class SymbolKey implements SerializationSchema<MarketRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        public byte[] serialize(MarketRecord record) {
            return record.data().symbol().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The message value: the record's JSON form (docs/json-formats.md). */
    static final class RecordJson implements SerializationSchema<MarketRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        public byte[] serialize(MarketRecord record) {
            return MarketJson.writeBytes(record);
        }
    }
}
