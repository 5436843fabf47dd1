package io.regimeflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimeflow.dashboard.DashboardHub;
import io.regimeflow.dashboard.HubSettings;
import io.regimeflow.model.MarketJson;
import io.regimeflow.testkit.FlinkTestEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The page in headless Chromium (Debian's chromium and chromium-driver) while the job runs on
 * simulator data with a planted crash and sends to a hub: the cascade appears in the feed and on
 * its symbol's card within 2 seconds of reaching the hub, and an event whose text holds markup
 * shows it as text. A screenshot is left in {@code job/target/dashboard.png}. The run covers 18
 * simulated hours around the crash: a live job sends a few messages a minute, and a burst of
 * weeks in seconds on two cores would measure the machine, not the page.
 */
class DashboardBrowserIT {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = FlinkTestEnvironment.miniCluster();

    @TempDir
    Path dir;

    /** When each event reached a watcher of the hub, as a browser would see it. */
    static final class Arrivals implements WebSocket.Listener {
        final Map<String, Long> events = new ConcurrentHashMap<>();
        final Map<String, JsonNode> data = new ConcurrentHashMap<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence text, boolean last) {
            partial.append(text);
            if (last) {
                try {
                    JsonNode m = MarketJson.mapper().readTree(partial.toString());
                    if (m.path("kind").asText().equals("event")) {
                        String id = m.path("data").path("event_id").asText();
                        events.putIfAbsent(id, System.nanoTime());
                        data.putIfAbsent(id, m.path("data"));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }

    static ChromeDriver chromium(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-dev-shm-usage",
                "--disable-component-update", "--no-first-run", "--disable-sync",
                "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    @Test
    void aPlantedCascadeShowsInTheFeedAndOnItsCardWithinTwoSeconds() throws Exception {
        Files.writeString(dir.resolve("job.yaml"), """
                source:
                  start: 2024-01-07T18:00:00Z
                  end: 2024-01-08T12:00:00Z
                simulator:
                  planted-shocks:
                    - {symbol: SOL/USDT, start: 2024-01-08T00:00:00Z, duration: 8h,
                       intensity: 6, direction: down}
                job:
                  parallelism: 2
                """);
        try (DashboardHub hub = DashboardHub.start(new HubSettings("127.0.0.1", 0, null, null,
                null, null))) {
            ChromeDriver browser = chromium(dir.resolve("chromium-profile"));
            try {
                browser.get(hub.url().toString());
                waitFor(() -> "live".equals(browser.findElement(By.id("status"))
                        .getAttribute("data-state")), 10_000, "page connected");

                Arrivals arrivals = new Arrivals();
                URI live = URI.create(hub.url().toString().replace("http://", "ws://") + "live");
                WebSocket watcher = HttpClient.newHttpClient().newWebSocketBuilder()
                        .buildAsync(live, arrivals).get(5, TimeUnit.SECONDS);

                CliRun cli = new CliRun(dir);
                CompletableFuture<Integer> job = CompletableFuture.supplyAsync(() -> cli.run(
                        "--config", "job.yaml", "--db", "jdbc:sqlite:" + dir.resolve("rf.db"),
                        "--dashboard.hub-url", hub.ingestUrl().toString()));

                // The first SOL cascade event the hub passes on, and when.
                String cascade = null;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (cascade == null) {
                    assertThat(System.nanoTime()).as("a cascade event reached the hub")
                            .isLessThan(deadline);
                    cascade = arrivals.events.keySet().stream()
                            .filter(id -> id.startsWith("LIQUIDATION_CASCADE:SOL/USDT"))
                            .findFirst().orElse(null);
                    Thread.sleep(20);
                }
                long arrived = arrivals.events.get(cascade);
                String id = cascade;
                int severity = arrivals.data.get(id).path("data").path("severity").asInt();
                waitFor(() -> !browser.findElements(By.cssSelector(
                        "#events li[data-event-id='" + id + "']")).isEmpty(), 5_000,
                        "cascade in the feed");
                long inFeed = System.nanoTime();
                waitFor(() -> browser.findElement(By.id("card-SOL-USDT")).getText()
                        .contains("severity"), 5_000, "severity on the SOL card");
                long onCard = System.nanoTime();
                System.out.printf("cascade %s: in the feed after %d ms, on the card after %d ms%n",
                        id, (inFeed - arrived) / 1_000_000, (onCard - arrived) / 1_000_000);
                assertThat(Duration.ofNanos(inFeed - arrived)).isLessThan(Duration.ofSeconds(2));
                assertThat(Duration.ofNanos(onCard - arrived)).isLessThan(Duration.ofSeconds(2));
                assertThat(severity).isBetween(1, 5);

                assertThat(job.get(3, TimeUnit.MINUTES)).as(cli.err()).isZero();

                // An event carrying markup shows it as text and runs nothing.
                WebSocket feed = HttpClient.newHttpClient().newWebSocketBuilder()
                        .buildAsync(hub.ingestUrl(), new WebSocket.Listener() {})
                        .get(5, TimeUnit.SECONDS);
                feed.sendText("{\"kind\":\"event\",\"data\":{\"event_id\":\"x1\",\"event_type\":"
                        + "\"FUNDING_ANOMALY\",\"symbol\":\"<b>BTC/USDT</b>\",\"severity\":"
                        + "\"WARNING\",\"title\":\"<img src=x onerror=window.__pwned=1>\","
                        + "\"description\":\"<script>window.__pwned=1</script>\",\"event_time\":"
                        + "1704067200000,\"data\":{}}}", true).get();
                waitFor(() -> !browser.findElements(By.cssSelector(
                        "#events li[data-event-id='x1']")).isEmpty(), 5_000, "markup event");
                WebElement item = browser.findElement(By.cssSelector(
                        "#events li[data-event-id='x1']"));
                assertThat(item.getText()).contains("<script>window.__pwned=1</script>")
                        .contains("<img src=x onerror=window.__pwned=1>");
                assertThat(item.findElements(By.tagName("script"))).isEmpty();
                assertThat(item.findElements(By.tagName("img"))).isEmpty();
                assertThat(((JavascriptExecutor) browser).executeScript(
                        "return window.__pwned === undefined")).isEqualTo(true);

                assertThat(browser.findElements(By.cssSelector(".card"))).hasSizeGreaterThan(2);
                Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
                Files.copy(shot, Path.of("target", "dashboard.png"),
                        StandardCopyOption.REPLACE_EXISTING);

                // A venue without a liquidation feed: said on the page, not shown as zeros.
                feed.sendText("{\"kind\":\"derivatives\",\"data\":{\"venue\":"
                        + "\"hyperliquid\",\"funding\":\"available\",\"liquidations\":"
                        + "\"not offered\"}}", true).get();
                waitFor(() -> browser.findElement(By.id("card-SOL-USDT")).getText()
                        .contains("not offered by hyperliquid"), 5_000, "no liquidation feed");
                assertThat(browser.findElement(By.id("derivatives")).getText())
                        .isEqualTo("derivatives: hyperliquid (liquidations not offered)");
                // A venue refusing the region: the derivatives part is marked unavailable.
                feed.sendText("{\"kind\":\"derivatives\",\"data\":{\"venue\":"
                        + "\"binance-usdm\",\"funding\":\"unavailable\",\"liquidations\":"
                        + "\"unavailable\",\"reason\":\"refuses this region (HTTP 451)\"}}",
                        true).get();
                waitFor(() -> browser.findElement(By.id("card-SOL-USDT")).getText().contains(
                        "unavailable: binance-usdm refuses this region (HTTP 451)"), 5_000,
                        "venue unavailable");
                assertThat(browser.findElement(By.id("derivatives")).getText()).isEqualTo(
                        "derivatives: binance-usdm (funding unavailable, liquidations "
                                + "unavailable)");
                watcher.abort();
                feed.abort();
            } finally {
                browser.quit();
            }
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitFor(Check check, long timeoutMs, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            try {
                if (check.ok()) {
                    return;
                }
            } catch (org.openqa.selenium.NoSuchElementException e) {
                // Not rendered yet.
            }
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(25);
        }
    }
}
