package io.regimeflow.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.regimeflow.testkit.Await;
import io.regimeflow.testkit.KafkaTestBroker;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Preparing the topic the publish command writes to, against a real broker. */
class MarketRecordTopicIT {

    static KafkaTestBroker broker;

    @BeforeAll
    static void start() {
        broker = KafkaTestBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void aMissingTopicIsCreatedWithOnePartitionPerSymbolAndAnExistingOneIsLeftAlone()
            throws Exception {
        assertThat(MarketRecordTopic.prepare(broker.bootstrapServers(), "fresh", 3,
                Await.PATIENT)).isEqualTo(3);
        try (var admin = broker.admin()) {
            assertThat(admin.describeTopics(List.of("fresh")).allTopicNames().get()
                    .get("fresh").partitions()).hasSize(3);
        }
        broker.createTopic("narrow", 1);
        assertThat(MarketRecordTopic.prepare(broker.bootstrapServers(), "narrow", 3,
                Await.PATIENT)).isEqualTo(1);
    }

    @Test
    void anUnreachableBrokerIsAClearErrorNotAHang() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String nowhere = "127.0.0.1:" + port;
        // The failure is the point: a short timeout only makes it come sooner, and a slow
        // machine cannot make an unreachable broker reachable.
        assertThatThrownBy(() -> MarketRecordTopic.prepare(nowhere, "t", 3,
                Duration.ofSeconds(2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(nowhere);
    }
}
