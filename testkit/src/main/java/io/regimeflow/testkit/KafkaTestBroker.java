package io.regimeflow.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one process), started
 * in the test JVM on free loopback ports with its log in a temporary folder that is deleted on
 * close. It is the broker from the Kafka release flink-connector-kafka is built against.
 */
public final class KafkaTestBroker implements AutoCloseable {

    private final Path logDir;
    private final int port;
    private final KafkaRaftServer server;

    private KafkaTestBroker(Path logDir, int port, KafkaRaftServer server) {
        this.logDir = logDir;
        this.port = port;
        this.server = server;
    }

    public static KafkaTestBroker start() {
        return start(Map.of());
    }

    /**
     * A broker with some of its settings changed (a test of the broker's own behaviour, such
     * as how often it checks retention).
     *
     * @param settings broker settings by name, applied over this class's own
     */
    public static KafkaTestBroker start(Map<String, String> settings) {
        Path dir;
        try {
            dir = Files.createTempDirectory("regimeflow-kafka");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int brokerPort = freePort();
        int controllerPort = freePort();
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort
                + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dir.toString());
        // One node: every internal topic gets one replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "1");
        // Records carry their event time, and the tests' markets are from 2024: the default
        // retention (7 days of record time) would delete them at the first retention check, 30 s
        // after start, under a reader that is still reading.
        p.put("log.retention.ms", "-1");
        p.putAll(settings);
        KafkaConfig config = new KafkaConfig(p, false);
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName("CONTROLLER")
                    .setDirectories(List.of(dir.toString()))
                    .setMetadataLogDirectory(dir.toString())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("could not format the Kafka log folder " + dir, e);
        }
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        return new KafkaTestBroker(dir, brokerPort, server);
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Creates a topic and waits until every partition has a leader. */
    public void createTopic(String name, int partitions) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
            AtomicReference<TopicDescription> last = new AtomicReference<>();
            Await.until("a leader for every partition of topic " + name, Await.PATIENT, () -> {
                TopicDescription d = admin.describeTopics(List.of(name)).allTopicNames().get()
                        .get(name);
                last.set(d);
                return d.partitions().size() == partitions
                        && d.partitions().stream().allMatch(i -> i.leader() != null);
            }, () -> String.valueOf(last.get()));
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create topic " + name, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("could not create topic " + name, e);
        }
    }

    /** Writes raw messages (key, value) to a topic and waits until the broker has them. */
    public void send(String topic, List<Map.Entry<byte[], byte[]>> messages) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p,
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Map.Entry<byte[], byte[]> m : messages) {
                producer.send(new ProducerRecord<>(topic, m.getKey(), m.getValue()));
            }
            producer.flush();
        }
    }

    /** Every message of a topic, read from the start to the end offsets as of this call. */
    public List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        return readAll(topic, false);
    }

    /**
     * Every message of a topic up to its end offsets as of this call.
     *
     * @param committedOnly read as a {@code read_committed} consumer: only messages of committed
     *     transactions (and non-transactional ones)
     */
    public List<ConsumerRecord<byte[], byte[]>> readAll(String topic, boolean committedOnly) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
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
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
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
        try (Admin admin = admin()) {
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

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers()));
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        try {
            Utils.delete(logDir.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
