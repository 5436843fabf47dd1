package io.regimeflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.model.MarketJson;
import io.regimeflow.model.MarketRecord;
import io.regimeflow.testkit.FlinkTestEnvironment;
import io.regimeflow.testkit.KafkaTestBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka path end to end, on a real broker: the publish command fills a topic from the
 * simulator, the topic is then damaged the way a real one can be (a producer that resent a
 * stretch after a failure, messages that are not records), and the job reading it with
 * {@code --source kafka} must write exactly what the same simulator run writes directly.
 */
class KafkaRoundTripIT {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = FlinkTestEnvironment.miniCluster();

    static KafkaTestBroker broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        broker = KafkaTestBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }


    @Test
    void theJobOnAPublishedTopicWritesWhatTheSimulatorRunWrites() throws Exception {
        CliRun cli = new CliRun(dir);
        String topic = "market-records-roundtrip";
        String[] range = {"--start", "2024-01-01", "--end", "2024-01-11"};
        Files.writeString(dir.resolve("market.yaml"), """
                simulator:
                  planted-shocks:
                    - {symbol: SOL/USDT, start: 2024-01-08T00:00:00Z, duration: 8h,
                       intensity: 6, direction: down}
                """);
        String[] market = {"--config", "market.yaml", "--parallelism", "2"};

        assertThat(cli.run(concat(new String[] {"publish", "--source", "simulator",
            "--kafka.bootstrap-servers", broker.bootstrapServers(), "--kafka.topic", topic},
                range, market))).as(cli.err()).isZero();
        assertThat(cli.out()).contains("(3 partitions)");

        // One symbol per partition, each symbol's records in event-time order per kind.
        List<ConsumerRecord<byte[], byte[]>> published = broker.readAll(topic);
        Map<Integer, Set<String>> symbolsByPartition = published.stream().collect(
                Collectors.groupingBy(ConsumerRecord::partition, Collectors.mapping(
                        r -> new String(r.key(), StandardCharsets.UTF_8),
                        Collectors.toCollection(TreeSet::new))));
        assertThat(symbolsByPartition).hasSize(3)
                .allSatisfy((p, symbols) -> assertThat(symbols).hasSize(1));
        assertThat(published).hasSizeGreaterThan(3 * 10 * 1440);
        for (ConsumerRecord<byte[], byte[]> r : published) {
            MarketRecord record = MarketJson.readMarketRecord(
                    new String(r.value(), StandardCharsets.UTF_8));
            assertThat(record.data().symbol())
                    .isEqualTo(new String(r.key(), StandardCharsets.UTF_8));
        }

        // A producer that failed after writing resends from its last checkpoint: the last
        // 2000 messages of a partition, again; and messages that are no records at all.
        List<Map.Entry<byte[], byte[]>> damage = new ArrayList<>();
        List<ConsumerRecord<byte[], byte[]>> partition0 = published.stream()
                .filter(r -> r.partition() == 0).toList();
        partition0.subList(partition0.size() - 2000, partition0.size())
                .forEach(r -> damage.add(Map.entry(r.key(), r.value())));
        byte[] solKey = "SOL/USDT".getBytes(StandardCharsets.UTF_8);
        damage.add(Map.entry(solKey, "not json".getBytes(StandardCharsets.UTF_8)));
        damage.add(Map.entry(solKey, "{\"type\":\"candle\",\"symbol\":\"SOL/USDT\"}"
                .getBytes(StandardCharsets.UTF_8)));
        damage.add(new AbstractMap.SimpleEntry<>(solKey, null));
        broker.send(topic, damage);

        Path viaKafka = dir.resolve("kafka.db");
        assertThat(cli.run(concat(new String[] {"--source", "kafka", "--kafka.bootstrap-servers",
            broker.bootstrapServers(), "--kafka.topic", topic, "--kafka.stop-at-end", "true",
            "--db", "jdbc:sqlite:" + viaKafka}, market))).as(cli.err()).isZero();
        assertThat(cli.out()).contains("finished in");

        Path direct = dir.resolve("direct.db");
        assertThat(cli.run(concat(new String[] {"--source", "simulator", "--db",
            "jdbc:sqlite:" + direct}, range, market))).as(cli.err()).isZero();

        for (String table : List.of("candles", "feature_snapshots", "market_events")) {
            List<List<String>> expected = rows(direct, table);
            assertThat(expected).as(table).isNotEmpty();
            assertThat(rows(viaKafka, table)).as(table).isEqualTo(expected);
        }
        // The planted crash made it through: the comparison is not of empty analyses.
        assertThat(rows(direct, "market_events").stream()
                .filter(r -> r.get(1).equals("LIQUIDATION_CASCADE"))).isNotEmpty();
    }

    static List<List<String>> rows(Path db, String table) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            return TableRows.sorted(c, table);
        }
    }

    static String[] concat(String[]... parts) {
        List<String> all = new ArrayList<>();
        for (String[] p : parts) {
            all.addAll(List.of(p));
        }
        return all.toArray(String[]::new);
    }
}
