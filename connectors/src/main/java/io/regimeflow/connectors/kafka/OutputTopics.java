package io.regimeflow.connectors.kafka;

import io.regimeflow.model.FeatureSnapshot;
import io.regimeflow.model.HourlyPairCorrelation;
import io.regimeflow.model.MarketEvent;
import io.regimeflow.model.MarketJson;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;

/**
 * The job's outputs on Kafka: events, hourly snapshots and hourly pair correlations, each on its
 * topic as JSON (docs/json-formats.md) keyed by symbol (a correlation event and a pair
 * correlation by its pair), so one symbol's (pair's) records keep their order in one partition.
 *
 * <p>At-least-once (the default) may write a record again after a restore: consumers deduplicate
 * events by {@code event_id}, snapshots by symbol and timestamp, pair correlations by pair and
 * time. Exactly-once writes in Kafka
 * transactions committed on checkpoints: nothing is visible to a {@code read_committed} consumer
 * until its checkpoint completes, so records arrive a checkpoint interval late.
 */
public final class OutputTopics {
    private OutputTopics() {}

    /**
     * How the sinks write.
     *
     * @param transactionalIdPrefix exactly-once: the prefix of the producers' transactional ids
     * @param transactionTimeoutMs exactly-once: how long the broker keeps a transaction open; at
     *     most the broker's {@code transaction.max.timeout.ms} (15 minutes by default), which
     *     refuses longer ones, and longer than a checkpoint plus a restart, after which an open
     *     transaction is aborted and its records lost
     */
    public record Settings(String bootstrapServers, DeliveryGuarantee guarantee,
            String transactionalIdPrefix, long transactionTimeoutMs) {}

    public static KafkaSink<MarketEvent> events(Settings settings, String topic) {
        return sink(settings, topic, "-events", new EventKey(), new EventJson());
    }

    public static KafkaSink<FeatureSnapshot> snapshots(Settings settings, String topic) {
        return sink(settings, topic, "-snapshots", new SnapshotKey(), new SnapshotJson());
    }

    public static KafkaSink<HourlyPairCorrelation> pairCorrelations(Settings settings,
            String topic) {
        return sink(settings, topic, "-pair-correlations", new PairKey(), new PairJson());
    }

    private static <T> KafkaSink<T> sink(Settings settings, String topic, String idSuffix,
            SerializationSchema<T> key, SerializationSchema<T> value) {
        KafkaSinkBuilder<T> b = KafkaSink.<T>builder()
                .setBootstrapServers(settings.bootstrapServers())
                .setDeliveryGuarantee(settings.guarantee())
                .setRecordSerializer(KafkaRecordSerializationSchema.<T>builder()
                        .setTopic(topic)
                        .setKeySerializationSchema(key)
                        .setValueSerializationSchema(value)
                        .build());
        if (settings.guarantee() == DeliveryGuarantee.EXACTLY_ONCE) {
            b.setTransactionalIdPrefix(settings.transactionalIdPrefix() + idSuffix);
            // The sink's default (1 hour) is more than brokers allow by default (15 minutes).
            b.setProperty("transaction.timeout.ms",
                    Long.toString(settings.transactionTimeoutMs()));
        }
        return b.build();
    }

    // Concrete classes, not lambdas: the sink's lineage reads the element type from them.

    /** A record's JSON form. */
    abstract static class Json<T> implements SerializationSchema<T> {
        private static final long serialVersionUID = 1L;

        @Override
        public byte[] serialize(T element) {
            return MarketJson.writeBytes(element);
        }
    }

    /** A record's key: its symbol. */
    abstract static class Symbol<T> implements SerializationSchema<T> {
        private static final long serialVersionUID = 1L;
        private final Function<T, String> symbol;

        Symbol(Function<T, String> symbol) {
            this.symbol = symbol;
        }

        @Override
        public byte[] serialize(T element) {
            return symbol.apply(element).getBytes(StandardCharsets.UTF_8);
        }
    }

    static final class EventJson extends Json<MarketEvent> {
        private static final long serialVersionUID = 1L;
    }

    static final class SnapshotJson extends Json<FeatureSnapshot> {
        private static final long serialVersionUID = 1L;
    }

    static final class EventKey extends Symbol<MarketEvent> {
        private static final long serialVersionUID = 1L;

        EventKey() {
            super((Function<MarketEvent, String> & Serializable) MarketEvent::symbol);
        }
    }

    static final class SnapshotKey extends Symbol<FeatureSnapshot> {
        private static final long serialVersionUID = 1L;

        SnapshotKey() {
            super((Function<FeatureSnapshot, String> & Serializable)
                    FeatureSnapshot::symbol);
        }
    }

    static final class PairJson extends Json<HourlyPairCorrelation> {
        private static final long serialVersionUID = 1L;
    }

    static final class PairKey extends Symbol<HourlyPairCorrelation> {
        private static final long serialVersionUID = 1L;

        PairKey() {
            super((Function<HourlyPairCorrelation, String> & Serializable)
                    HourlyPairCorrelation::pair);
        }
    }
}
