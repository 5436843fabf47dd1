package io.regimeflow.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimeflow.model.EventType;
import io.regimeflow.model.MarketEvent;
import io.regimeflow.model.MarketJson;
import io.regimeflow.model.Severity;
import io.regimeflow.testkit.Await;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

/**
 * The job's dashboard sink against a real hub that is not there yet, comes up, goes away and
 * comes back: what was written meanwhile arrives, the oldest dropped only beyond the buffer.
 */
class DashboardSinkWriterIT {

    static MarketEvent event(int i) {
        return new MarketEvent("evt-" + i, EventType.FUNDING_ANOMALY, "BTC/USDT",
                Severity.WARNING, "t" + i, "d" + i, 1_704_067_200_000L + i, "{}");
    }

    /** The events the hub holds, newest first: what a browser connecting now gets. */
    static List<String> eventIds(DashboardHub hub) throws Exception {
        List<String> ids = new ArrayList<>();
        for (JsonNode e : MarketJson.mapper().readTree(hub.stateMessage()).path("data")
                .path("events")) {
            ids.add(e.path("event_id").asText());
        }
        return ids;
    }

    static void awaitIds(DashboardHub hub, int n) throws Exception {
        Await.until(n + " events at the hub", () -> eventIds(hub).size() >= n,
                () -> "events " + seenIds(hub));
    }

    /** The hub's events, or why they could not be read, for a failure message. */
    static String seenIds(DashboardHub hub) {
        try {
            return eventIds(hub).toString();
        } catch (Exception e) {
            return "(" + e + ")";
        }
    }

    @Test
    void buffersWhileTheHubIsAwayAndReconnects() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        URI ingest = URI.create("ws://127.0.0.1:" + port + "/ingest");
        DashboardSinkWriter<MarketEvent> writer = new DashboardSinkWriter<>(ingest, "tok",
                HubMessageKind.EVENT, 3, e -> true, List.of(),
                new UnregisteredMetricsGroup());
        try {
            // No hub yet: five written, the buffer keeps the last three.
            for (int i = 0; i < 5; i++) {
                writer.write(event(i), null);
            }
            try (DashboardHub hub = DashboardHub.start(new HubSettings("127.0.0.1", port, "tok",
                    null, null, null))) {
                awaitIds(hub, 3);
                assertThat(eventIds(hub)).containsExactly("evt-4", "evt-3", "evt-2");
            }
            // The hub goes away and comes back (a new one: it starts empty).
            writer.write(event(5), null);
            writer.write(event(6), null);
            try (DashboardHub hub = DashboardHub.start(new HubSettings("127.0.0.1", port, "tok",
                    null, null, null))) {
                awaitIds(hub, 2);
                assertThat(eventIds(hub)).containsExactly("evt-6", "evt-5");
            }
        } finally {
            writer.close();
        }
    }

    static final String GREETING = "{\"kind\":\"derivatives\",\"data\":{\"venue\":\"okx\","
            + "\"funding\":\"unavailable\",\"liquidations\":\"unavailable\",\"reason\":"
            + "\"refuses this region (HTTP 403)\"}}";

    static JsonNode derivatives(DashboardHub hub) throws Exception {
        return MarketJson.mapper().readTree(hub.stateMessage()).path("data").path("derivatives");
    }

    @Test
    void aGreetingReachesEveryHubItConnectsToBeforeAnyElement() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        URI ingest = URI.create("ws://127.0.0.1:" + port + "/ingest");
        DashboardSinkWriter<MarketEvent> writer = new DashboardSinkWriter<>(ingest, "tok",
                HubMessageKind.EVENT, 3, e -> true, List.of(GREETING),
                new UnregisteredMetricsGroup());
        try {
            for (int round = 0; round < 2; round++) {
                // A fresh hub each round (a restarted one knows nothing).
                try (DashboardHub hub = DashboardHub.start(new HubSettings("127.0.0.1", port,
                        "tok", null, null, null))) {
                    writer.write(event(round), null); // the reconnect needs something to send
                    Await.until("the greeting at the hub", () -> !derivatives(hub)
                            .isMissingNode(), () -> "events " + seenIds(hub)
                            + ", no derivatives status");
                    assertThat(derivatives(hub).path("venue").asText()).isEqualTo("okx");
                    assertThat(derivatives(hub).path("liquidations").asText())
                            .isEqualTo("unavailable");
                    awaitIds(hub, 1);
                }
            }
        } finally {
            writer.close();
        }
    }

    /**
     * A sink with nothing to send for longer than the hub's idle timeout keeps its one
     * connection (pings), instead of being closed as idle and connecting again each time (the
     * hub logged "Connection Idle Timeout" 87 times in 21 minutes). The hub here times out
     * after 5 s; the writer pings after 300 ms of quiet (the margin is for a loaded machine,
     * where a 3 s timeout once expired between two pings).
     */
    @Test
    void aQuietSinkKeepsItsConnection() throws Exception {
        try (DashboardHub hub = DashboardHub.start(new HubSettings("127.0.0.1", 0, "tok", null,
                null, null), Duration.ofSeconds(5))) {
            DashboardSinkWriter<MarketEvent> writer = new DashboardSinkWriter<>(hub.ingestUrl(),
                    "tok", HubMessageKind.EVENT, 10, e -> true, List.of(),
                    new UnregisteredMetricsGroup(),
                    300);
            try {
                writer.write(event(1), null);
                awaitIds(hub, 1);
                // Quiet for two idle timeouts: an input of the test, not a wait for a result.
                Thread.sleep(10_000);
                writer.write(event(2), null);
                awaitIds(hub, 2);
                assertThat(hub.ingestConnections()).as("connections").isEqualTo(1);
            } finally {
                writer.close();
            }
        }
    }
}
