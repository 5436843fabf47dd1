package io.regimeflow.dashboard;

import static io.regimeflow.dashboard.DashboardHubIT.get;
import static io.regimeflow.dashboard.DashboardHubIT.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.regimeflow.model.HourlyPairCorrelation;
import io.regimeflow.model.MarketJson;
import io.regimeflow.testkit.Await;
import io.regimeflow.testkit.ManyPairCorrelations;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every pair of 150 symbols (11,175) sent to a hub on loopback as the job's dashboard sink sends
 * them, then read back through {@code /api/correlation} over real HTTP: one entry per pair,
 * ranked breaks first (by severity) then by {@code |corr_30d|}, narrowed by {@code ?symbol=},
 * cut by {@code ?limit=}, an older hour never replacing a newer one, and in the shape
 * docs/json-formats.md documents.
 */
class PairCorrelationApiIT {
    static final int SYMBOLS = 150;
    static final int PAIRS = SYMBOLS * (SYMBOLS - 1) / 2;
    static final long H = 3_600_000L;
    static final long HOUR = 1_710_291_599_999L;

    @Test
    void everyPairOf150SymbolsIsKeptOnceRankedAndSearchable() throws Exception {
        try (DashboardHub hub = DashboardHub.start(new HubSettings("127.0.0.1", 0, null, null,
                null, null))) {
            HttpClient http = HttpClient.newHttpClient();
            WebSocket feed = http.newWebSocketBuilder().buildAsync(hub.ingestUrl(),
                    new DashboardHubIT.Collect()).get(DashboardHubIT.PATIENT_S, TimeUnit.SECONDS);
            for (HourlyPairCorrelation p : ManyPairCorrelations.hour(SYMBOLS, HOUR)) {
                feed.sendText(ManyPairCorrelations.message(p), true).get();
            }
            awaitPairs(hub, PAIRS);

            JsonNode all = json(get(hub, "/api/correlation"));
            assertThat(all.path("source").asText()).isEqualTo("hub");
            assertThat(all.path("time").asLong()).isEqualTo(HOUR);
            assertThat(all.path("symbols").asInt()).isEqualTo(SYMBOLS);
            assertThat(all.path("matched").asInt()).isEqualTo(PAIRS);
            assertThat(all.path("breaks").asInt()).isEqualTo(3);
            assertThat(all.path("pairs")).hasSize(PAIRS);
            assertThat(all.path("leading_asset").isNull()).as("no snapshot yet").isTrue();
            assertThat(pairNames(all).subList(0, 5)).containsExactly(
                    ManyPairCorrelations.HIGH_BREAK, ManyPairCorrelations.MEDIUM_BREAK,
                    ManyPairCorrelations.LOW_BREAK, ManyPairCorrelations.STRONGEST,
                    ManyPairCorrelations.STRONGEST_NEGATIVE);
            // Past the planted ones, |corr_30d| never rises down the list.
            double previous = 1;
            for (JsonNode p : all.path("pairs")) {
                if (!p.path("in_break").asBoolean()) {
                    double strength = Math.abs(p.path("corr_30d").asDouble());
                    assertThat(strength).as(p.path("pair").asText()).isLessThanOrEqualTo(
                            previous);
                    previous = strength;
                }
            }

            JsonNode sol = json(get(hub, "/api/correlation?symbol=sol"));
            assertThat(sol.path("matched").asInt()).isEqualTo(SYMBOLS - 1);
            assertThat(sol.path("pair_count").asInt()).isEqualTo(PAIRS);
            assertThat(sol.path("breaks").asInt()).isEqualTo(2);
            assertThat(pairNames(sol)).hasSize(SYMBOLS - 1).allMatch(n -> n.contains("SOL/USDT"));
            assertThat(pairNames(sol).subList(0, 2)).containsExactly(
                    ManyPairCorrelations.HIGH_BREAK, ManyPairCorrelations.LOW_BREAK);
            JsonNode five = json(get(hub, "/api/correlation?symbol=SOL%2FUSDT&limit=5"));
            assertThat(five.path("pairs")).hasSize(5);
            assertThat(five.path("matched").asInt()).isEqualTo(SYMBOLS - 1);
            assertThat(get(hub, "/api/correlation?limit=0").statusCode()).isEqualTo(400);
            assertThat(json(get(hub, "/api/correlation?limit=all")).path("error").asText())
                    .startsWith("limit 'all'");
            assertThat(json(get(hub, "/api/correlation?symbol=NOPE")).path("pairs")).isEmpty();

            documentedShape(json(get(hub, "/api/correlation?symbol=ETH&limit=2")));
            aBrowserGetsEveryPairAtOnce(hub, http);
            anOlderHourNeverReplacesANewerOne(hub, feed);
            feed.abort();
        }
    }

    /** A browser that connects gets every pair in its first (state) message. */
    static void aBrowserGetsEveryPairAtOnce(DashboardHub hub, HttpClient http) throws Exception {
        DashboardHubIT.Collect browser = new DashboardHubIT.Collect();
        URI live = URI.create(hub.url().toString().replace("http://", "ws://") + "live");
        WebSocket page = http.newWebSocketBuilder().buildAsync(live, browser)
                .get(DashboardHubIT.PATIENT_S, TimeUnit.SECONDS);
        DashboardHubIT.await(browser.messages, 1);
        JsonNode state = MarketJson.mapper().readTree(browser.messages.get(0));
        assertThat(state.path("kind").asText()).isEqualTo("state");
        assertThat(state.path("data").path("pairs")).hasSize(PAIRS);
        page.abort();
    }

    /**
     * An hour older than the one kept is not taken (a parallel sink or a replay may send it
     * late); a newer one replaces it: still one entry per pair. A pair a week behind the newest
     * hour is dropped, so the board stays the size of the universe.
     */
    static void anOlderHourNeverReplacesANewerOne(DashboardHub hub, WebSocket feed)
            throws Exception {
        String pair = ManyPairCorrelations.STRONGEST;
        feed.sendText(ManyPairCorrelations.message(new HourlyPairCorrelation(HOUR - H, pair,
                "BTC/USDT", "ETH/USDT", 0.01, 0.02, false, null, null, 0, null)), true).get();
        feed.sendText(ManyPairCorrelations.message(new HourlyPairCorrelation(HOUR + H, pair,
                "BTC/USDT", "ETH/USDT", 0.5, 0.6, false, null, null, 0, null)), true).get();
        // One connection's messages are taken in order: once the newer hour shows, the older
        // one has been taken too.
        Await.until("the newer hour of " + pair, () -> json(get(hub,
                "/api/correlation")).path("time").asLong() == HOUR + H,
                () -> seen(hub));
        JsonNode kept = null;
        for (JsonNode p : json(get(hub, "/api/correlation?symbol=BTC")).path("pairs")) {
            if (p.path("pair").asText().equals(pair)) {
                kept = p;
            }
        }
        assertThat(kept).isNotNull();
        assertThat(kept.path("corr_30d").asDouble()).isEqualTo(0.6);
        assertThat(json(get(hub, "/api/correlation?limit=1")).path("pair_count").asInt())
                .isEqualTo(PAIRS);

        feed.sendText(ManyPairCorrelations.message(new HourlyPairCorrelation(HOUR + 170 * H,
                pair, "BTC/USDT", "ETH/USDT", 0.5, 0.6, false, null, null, 0, null)), true).get();
        awaitPairs(hub, 1);
    }

    /**
     * The answer is docs/json-formats.md's example of /api/correlation, field for field, but
     * for the leading asset (no snapshot has come here): the example is what the hub says.
     */
    static void documentedShape(JsonNode answer) throws Exception {
        String doc = Files.readString(Path.of("../docs/json-formats.md"));
        Matcher m = Pattern.compile("<!-- api: /api/correlation\\?symbol=ETH&limit=2 -->\\s*"
                + "```json\\s*(.*?)```", Pattern.DOTALL).matcher(doc);
        assertThat(m.find()).as("the example in docs/json-formats.md").isTrue();
        JsonNode documented = MarketJson.mapper().readTree(m.group(1));
        assertThat(fieldNames(answer)).containsExactlyElementsOf(fieldNames(documented));
        ((ObjectNode) documented).putNull("leading_asset");
        assertThat(answer).isEqualTo(documented);
        // Each pair is in the form the records are written in.
        for (JsonNode p : documented.path("pairs")) {
            assertThat(MarketJson.mapper().readTree(MarketJson.write(MarketJson.read(
                    p.toString(), HourlyPairCorrelation.class)))).isEqualTo(p);
        }
    }

    static void awaitPairs(DashboardHub hub, int n) throws Exception {
        Await.until(n + " pairs at /api/correlation", () -> json(get(hub,
                "/api/correlation?limit=1")).path("pair_count").asInt() == n,
                () -> seen(hub));
    }

    /** The first pair and the counts, for a failure message. */
    static String seen(DashboardHub hub) {
        try {
            return get(hub, "/api/correlation?limit=1").body();
        } catch (Exception e) {
            return "(no answer: " + e + ")";
        }
    }

    static List<String> pairNames(JsonNode answer) {
        List<String> names = new ArrayList<>();
        answer.path("pairs").forEach(p -> names.add(p.path("pair").asText()));
        return names;
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
