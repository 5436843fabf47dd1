package io.regimeflow.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Uuid;
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
        return new TopicContents(bootstrapServers()).readAll(topic, false);
    }

    /** @see TopicContents#readAll(String, boolean) */
    public List<ConsumerRecord<byte[], byte[]>> readAll(String topic, boolean committedOnly) {
        return new TopicContents(bootstrapServers()).readAll(topic, committedOnly);
    }

    /** @see TopicContents#describe(String) */
    public String describe(String topic) {
        return new TopicContents(bootstrapServers()).describe(topic);
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
