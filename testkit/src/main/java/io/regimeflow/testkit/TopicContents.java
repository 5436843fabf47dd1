package io.regimeflow.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** What a broker holds of a topic, read back for a test's assertions. */
final class TopicContents {

    private final String bootstrapServers;

    TopicContents(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Every message of a topic up to its end offsets as of this call.
     *
     * @param committedOnly read as a {@code read_committed} consumer: only messages of committed
     *     transactions (and non-transactional ones)
     */
    public List<ConsumerRecord<byte[], byte[]>> readAll(String topic, boolean committedOnly) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, committedOnly ? "read_committed"
                : "read_uncommitted");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p,
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            if (partitions.isEmpty()) {
                // Not an empty topic: no topic (nothing was ever written to it).
                throw new AssertionError("topic " + topic + " has no partitions on the broker");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // The broker may be slow to answer on a loaded machine: a patient deadline.
            long deadline = System.nanoTime() + Await.PATIENT.toNanos();
            Map<TopicPartition, Long> end = committedOnly
                    ? resolvedEnd(consumer, partitions)
                    : consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() - deadline > 0) {
                    Map<TopicPartition, Long> at = new HashMap<>();
                    partitions.forEach(tp -> at.put(tp, consumer.position(tp)));
                    throw new AssertionError(topic + " read to " + end + " not seen within "
                            + Await.PATIENT.toSeconds() + " s; seen: positions " + at + ", "
                            + out.size() + " records");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /**
     * The end of a read_committed read once every transaction is resolved: a committed
     * transaction's markers reach the partitions after the producer's commit returns, and until
     * then the last stable offset (a read_committed consumer's end) stays before its messages. So
     * wait until that offset reaches the partition's end (the high watermark); a transaction left
     * open fails the read with both offsets.
     */
    private Map<TopicPartition, Long> resolvedEnd(KafkaConsumer<byte[], byte[]> committed,
            List<TopicPartition> partitions) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        try (KafkaConsumer<byte[], byte[]> all = new KafkaConsumer<>(p,
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Map<TopicPartition, Long> high = all.endOffsets(partitions);
            AtomicReference<Map<TopicPartition, Long>> stable = new AtomicReference<>();
            try {
                Await.until("every transaction resolved", () -> {
                    stable.set(committed.endOffsets(partitions));
                    return stable.get().equals(high);
                }, () -> "last stable offsets " + stable.get() + ", high watermarks " + high);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading " + partitions, e);
            } catch (Exception e) {
                throw new IllegalStateException("cannot read " + partitions + ": " + e, e);
            }
            return stable.get();
        }
    }

    /**
     * What the broker holds of a topic, for a failure message: each partition's high watermark
     * and last stable offset, how many records a read_uncommitted reader sees, and every
     * transaction the coordinator knows with its state (so an empty read_committed read tells
     * whether nothing was written, or written and aborted, or left open).
     */
    public String describe(String topic) {
        StringBuilder out = new StringBuilder(topic).append(": ");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers))) {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic))
                    .allTopicNames().get().get(topic).partitions().stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResultInfo> high = admin.listOffsets(latest,
                    new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get();
            Map<TopicPartition, ListOffsetsResultInfo> stable = admin.listOffsets(latest,
                    new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
            for (TopicPartition tp : partitions) {
                out.append("partition ").append(tp.partition()).append(" high watermark ")
                        .append(high.get(tp).offset()).append(" last stable offset ")
                        .append(stable.get(tp).offset()).append("; ");
            }
            out.append(readAll(topic, false).size()).append(" records read uncommitted; ");
            out.append("transactions: ");
            for (TransactionListing t : admin.listTransactions().all().get()) {
                out.append(t.transactionalId()).append('=').append(t.state()).append(' ');
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.append("interrupted");
        } catch (Exception e) {
            out.append("cannot describe: ").append(e);
        }
        return out.toString();
    }
}
