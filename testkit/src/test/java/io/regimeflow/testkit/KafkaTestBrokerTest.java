package io.regimeflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The test broker keeps what the tests write, whatever the records' timestamps say. */
class KafkaTestBrokerTest {

    static final long JANUARY_2024 = Instant.parse("2024-01-08T00:00:00Z").toEpochMilli();

    /**
     * A record stamped in 2024 (as every record of the tests' markets is) survives the broker's
     * retention checks. The checks run every 100 ms here instead of every 5 minutes after 30 s;
     * a canary topic whose own retention is one second shows that they ran over both topics.
     */
    @Test
    void recordsStampedInTheMarketsPastOutliveTheRetentionCheck() throws Exception {
        try (KafkaTestBroker broker = KafkaTestBroker.start(Map.of(
                "log.initial.task.delay.ms", "0",
                "log.retention.check.interval.ms", "100"));
                Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic("market", 1, (short) 1),
                    new NewTopic("canary", 1, (short) 1).configs(Map.of("retention.ms", "1000"))))
                    .all().get();
            send(broker, "market", "old candle");
            for (int check = 0; check < 2; check++) {
                // Twice: the second canary is written after the first was deleted, so a whole
                // check ran after the market's record was written.
                send(broker, "canary", "canary " + check);
                long end = offset(admin, "canary", OffsetSpec.latest());
                AtomicLong start = new AtomicLong();
                Await.until("the canary's retention check", Await.PATIENT, () -> {
                    start.set(offset(admin, "canary", OffsetSpec.earliest()));
                    return start.get() == end;
                }, () -> "canary log starts at " + start.get() + ", ends at " + end);
            }
            assertThat(offset(admin, "market", OffsetSpec.earliest())).isZero();
            assertThat(broker.readAll("market")).extracting(
                    r -> new String(r.value(), StandardCharsets.UTF_8))
                    .containsExactly("old candle");
        }
    }

    static void send(KafkaTestBroker broker, String topic, String value) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p,
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, 0, JANUARY_2024, null,
                    value.getBytes(StandardCharsets.UTF_8))).get();
        }
    }

    static long offset(Admin admin, String topic, OffsetSpec spec) throws Exception {
        TopicPartition tp = new TopicPartition(topic, 0);
        return admin.listOffsets(Map.of(tp, spec)).all().get().get(tp).offset();
    }
}
