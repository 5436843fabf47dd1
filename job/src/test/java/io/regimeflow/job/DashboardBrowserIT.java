package io.regimeflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimeflow.dashboard.DashboardHub;
import io.regimeflow.dashboard.HubSettings;
import io.regimeflow.model.MarketJson;
import io.regimeflow.testkit.Await;
import io.regimeflow.testkit.FlinkTestEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The page in headless Chromium (Debian's chromium and chromium-driver) while the job runs on
 * simulator data with a planted crash and sends to a hub: the cascade appears in the feed and on
 * its symbol's card by push, without a reload (the time it took after reaching the hub is
 * printed: about a second on an idle machine), and an event whose text holds markup shows it as
 * text. Then, as a job of the simulator says on connecting, the page is told its source: it
 * shows it as simulated (never the live look) with its simulated clock, which no event is after;
 * the analyses still warming up say how far they are; no 24h change shows from 18 hours; and at
 * 1600 px the cards and panels use the width. A screenshot is left in
 * {@code job/target/dashboard.png}. The run covers 18
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

    /** How long a websocket handshake may take: {@link Await#PATIENT}, in seconds. */
    static final long PATIENT_S = Await.PATIENT.toSeconds();

    /** The job's whole run, from start to exit (three minutes when idle were once plenty). */
    static final Duration JOB_DEADLINE = Duration.ofMinutes(6);

    /**
     * What says an event came to the page by push: far more than a push takes even on a loaded
     * machine, far less than the test's life (the page is never reloaded).
     */
    static final Duration PUSHED_WITHIN = Duration.ofSeconds(30);

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
    void aPlantedCascadeIsPushedToTheFeedAndToItsCard() throws Exception {
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
                waitFor(() -> "connected".equals(browser.findElement(By.id("status"))
                        .getAttribute("data-state")), "page connected", browser);
                // No job has said which source feeds it: "source unknown", never "live".
                assertThat(browser.findElement(By.id("source-badge")).getText())
                        .isEqualTo("SOURCE UNKNOWN");
                assertThat(browser.findElement(By.tagName("body")).getAttribute("data-look"))
                        .isEqualTo("unknown");
                assertThat(browser.findElement(By.id("status")).getText()).doesNotContain("live");
                // The favicon the page names is served.
                String icon = browser.findElement(By.cssSelector("link[rel='icon']"))
                        .getAttribute("href");
                HttpResponse<String> iconResponse = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create(icon)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(iconResponse.statusCode()).isEqualTo(200);
                assertThat(iconResponse.headers().firstValue("Content-Type").orElseThrow())
                        .isEqualTo("image/svg+xml");

                Arrivals arrivals = new Arrivals();
                URI live = URI.create(hub.url().toString().replace("http://", "ws://") + "live");
                WebSocket watcher = HttpClient.newHttpClient().newWebSocketBuilder()
                        .buildAsync(live, arrivals).get(PATIENT_S, TimeUnit.SECONDS);

                CliRun cli = new CliRun(dir);
                CompletableFuture<Integer> job = CompletableFuture.supplyAsync(() -> cli.run(
                        "--config", "job.yaml", "--db", "jdbc:sqlite:" + dir.resolve("rf.db"),
                        "--dashboard.hub-url", hub.ingestUrl().toString()));

                // The first SOL cascade event the hub passes on, and when. The job has to start
                // and simulate hours first: the job's own deadline, not a second's.
                Await.until("a SOL cascade event at the hub", JOB_DEADLINE,
                        () -> firstCascade(arrivals) != null,
                        () -> arrivals.events.size() + " events " + arrivals.events.keySet()
                                + ", job done " + job.isDone() + "; job stderr: " + cli.err());
                String id = firstCascade(arrivals);
                long arrived = arrivals.events.get(id);
                int severity = arrivals.data.get(id).path("data").path("severity").asInt();
                waitFor(() -> !browser.findElements(By.cssSelector(
                        "#events li[data-event-id='" + id + "']")).isEmpty(),
                        "cascade in the feed", browser);
                long inFeed = System.nanoTime();
                waitFor(() -> browser.findElement(By.id("card-SOL-USDT")).getText()
                        .contains("severity"), "severity on the SOL card", browser);
                long onCard = System.nanoTime();
                System.out.printf("cascade %s: in the feed after %d ms, on the card after %d ms%n",
                        id, (inFeed - arrived) / 1_000_000, (onCard - arrived) / 1_000_000);
                // The speed figure is printed above, not asserted: CI machines are shared and a
                // loaded one takes longer, which says nothing about the page. Asserted is that
                // it came by push, without a reload: well within the page's own lifetime.
                assertThat(Duration.ofNanos(inFeed - arrived)).isLessThan(PUSHED_WITHIN);
                assertThat(Duration.ofNanos(onCard - arrived)).isLessThan(PUSHED_WITHIN);
                assertThat(severity).isBetween(1, 5);

                assertThat(job.get(JOB_DEADLINE.toSeconds(), TimeUnit.SECONDS)).as(cli.err())
                        .isZero();

                // An event carrying markup shows it as text and runs nothing.
                WebSocket feed = HttpClient.newHttpClient().newWebSocketBuilder()
                        .buildAsync(hub.ingestUrl(), new WebSocket.Listener() {})
                        .get(PATIENT_S, TimeUnit.SECONDS);
                feed.sendText("{\"kind\":\"event\",\"data\":{\"event_id\":\"x1\",\"event_type\":"
                        + "\"FUNDING_ANOMALY\",\"symbol\":\"<b>BTC/USDT</b>\",\"severity\":"
                        + "\"WARNING\",\"title\":\"<img src=x onerror=window.__pwned=1>\","
                        + "\"description\":\"<script>window.__pwned=1</script>\",\"event_time\":"
                        + "1704067200000,\"data\":{}}}", true).get();
                waitFor(() -> !browser.findElements(By.cssSelector(
                        "#events li[data-event-id='x1']")).isEmpty(), "markup event",
                        browser);
                WebElement item = browser.findElement(By.cssSelector(
                        "#events li[data-event-id='x1']"));
                assertThat(item.getText()).contains("<script>window.__pwned=1</script>")
                        .contains("<img src=x onerror=window.__pwned=1>");
                assertThat(item.findElements(By.tagName("script"))).isEmpty();
                assertThat(item.findElements(By.tagName("img"))).isEmpty();
                assertThat(((JavascriptExecutor) browser).executeScript(
                        "return window.__pwned === undefined")).isEqualTo(true);

                assertThat(browser.findElements(By.cssSelector(".card"))).hasSizeGreaterThan(2);

                simulatedSourceAndItsClock(browser, feed);
                warmingUpAndNo24hChangeFrom18Hours(browser);
                usesTheWidthAt1600Px(browser);
                Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
                Files.copy(shot, Path.of("target", "dashboard.png"),
                        StandardCopyOption.REPLACE_EXISTING);

                // A venue without a liquidation feed: said on the page, not shown as zeros.
                feed.sendText("{\"kind\":\"derivatives\",\"data\":{\"venue\":"
                        + "\"hyperliquid\",\"funding\":\"available\",\"liquidations\":"
                        + "\"not offered\"}}", true).get();
                waitFor(() -> browser.findElement(By.id("card-SOL-USDT")).getText()
                        .contains("not offered by hyperliquid"), "no liquidation feed",
                        browser);
                assertThat(browser.findElement(By.id("derivatives")).getText())
                        .isEqualTo("derivatives: hyperliquid (liquidations not offered)");
                // A venue refusing the region: the derivatives part is marked unavailable.
                feed.sendText("{\"kind\":\"derivatives\",\"data\":{\"venue\":"
                        + "\"binance-usdm\",\"funding\":\"unavailable\",\"liquidations\":"
                        + "\"unavailable\",\"reason\":\"refuses this region (HTTP 451)\"}}",
                        true).get();
                waitFor(() -> browser.findElement(By.id("card-SOL-USDT")).getText().contains(
                        "unavailable: binance-usdm refuses this region (HTTP 451)"),
                        "venue unavailable", browser);
                assertThat(browser.findElement(By.id("derivatives")).getText()).isEqualTo(
                        "derivatives: binance-usdm (funding unavailable, liquidations "
                                + "unavailable)");
                // A symbol whose candles stopped while the others went on (delisted, refused):
                // its card says since when, measured by the market's own newest candle.
                feed.sendText("{\"kind\":\"tick\",\"data\":{\"symbol\":\"NOPE/USDT\","
                        + "\"open_time\":1704067140000,"
                        + "\"open\":\"1.0\",\"high\":\"1.0\",\"low\":\"1.0\","
                        + "\"close\":\"1.0\",\"volume\":\"1\",\"quote_volume\":\"1\","
                        + "\"trades\":1}}", true).get();
                waitFor(() -> browser.findElement(By.id("card-NOPE-USDT")).getText().contains(
                        "no candles from the exchange since 2024-01-01 00:00 UTC"),
                        "the silent symbol said on its card", browser);
                assertThat(browser.findElement(By.id("card-SOL-USDT")).getText())
                        .doesNotContain("no candles from the exchange");
                // With the hour of 24 hours before the price, the 24h change shows.
                dayOfHourlyCandles(feed, "NOPE/USDT", 1704067200000L);
                waitFor(() -> browser.findElement(By.id("card-NOPE-USDT")).getText().contains(
                        "+25.00% 24h"), "the 24h change of a day of candles", browser);
                // A live exchange feed: the live look and the market's clock, no simulation marks.
                feed.sendText("{\"kind\":\"source\",\"data\":{\"type\":\"binance\","
                        + "\"label\":\"Binance.US live\",\"bounded\":false}}", true).get();
                waitFor(() -> "live".equals(browser.findElement(By.tagName("body"))
                        .getAttribute("data-look")), "the live look", browser);
                assertThat(browser.findElement(By.id("source-badge")).getText()).isEqualTo("LIVE");
                assertThat(browser.findElement(By.id("source-label")).getText())
                        .isEqualTo("Binance.US live");
                assertThat(browser.findElement(By.id("clock")).getText())
                        .isEqualTo("market clock 2024-01-08 12:00 UTC");
                assertThat(browser.findElement(By.id("banner")).isDisplayed()).isFalse();
                assertThat(browser.findElements(By.cssSelector(".sim-tag"))).isEmpty();
                // All the page drew kept within its Content-Security-Policy (a violation is
                // logged to the console, once per place in the code).
                assertThat(browser.manage().logs().get("browser").getAll())
                        .extracting(Object::toString)
                        .noneMatch(line -> line.contains("Content Security Policy"));
                watcher.abort();
                feed.abort();

                // A standalone hub started on the job's database shows its last state at once.
                try (DashboardHub standalone = DashboardHub.startWithLastKnownState(
                        new HubSettings("127.0.0.1", 0, null, "jdbc:sqlite:" + dir.resolve("rf.db"),
                                null, null))) {
                    browser.get(standalone.url().toString());
                    waitFor(() -> browser.findElements(By.cssSelector(".card")).size() == 3
                            && !browser.findElements(By.cssSelector("#events li")).isEmpty(),
                            "the database's last state", browser);
                    assertThat(browser.findElement(By.id("source-label")).getText())
                            .isEqualTo("last known state from the database");
                    assertThat(browser.findElement(By.id("source-badge")).getText())
                            .isEqualTo("SOURCE UNKNOWN");
                    assertThat(browser.findElement(By.id("clock")).getText())
                            .isEqualTo("data clock 2024-01-08 12:00 UTC");
                    assertThat(browser.findElement(By.id("card-SOL-USDT")).getText())
                            .contains("warming up").doesNotContain("no candles from the exchange");
                    waitFor(() -> browser.findElement(By.id("age")).getText().equals(
                            "no new data since the hub started"), "the data age", browser);
                }
            } finally {
                browser.quit();
            }
        }
    }

    /**
     * The README's first command as a new user runs it (the default: an unbounded simulated
     * market), with the page open from the start: the warm-up history makes the page warm (a
     * volatility regime on a card and a correlation in the matrix) without waiting hours of
     * simulated time. How long it took is printed (the issue asks for a minute; a loaded CI
     * machine is slower, which says nothing of the page); the screenshot of the warm page is
     * left in job/target/dashboard-warm.png.
     */
    @Test
    void theReadmeRunIsWarmFromItsFirstMinute(@InjectClusterClient ClusterClient<?> flink)
            throws Exception {
        try (DashboardHub hub = DashboardHub.start(new HubSettings("127.0.0.1", 0, null, null,
                null, null))) {
            ChromeDriver browser = chromium(dir.resolve("chromium-profile-warm"));
            CompletableFuture<Integer> job = null;
            try {
                browser.manage().window().setSize(new Dimension(1600, 1000));
                browser.get(hub.url().toString());
                long started = System.nanoTime();
                CliRun cli = new CliRun(dir);
                job = CompletableFuture.supplyAsync(() -> cli.run("--db",
                        "jdbc:sqlite:" + dir.resolve("readme.db"), "--dashboard.hub-url",
                        hub.ingestUrl().toString()));
                CompletableFuture<Integer> running = job;
                Await.until("a volatility regime on a card and a correlation in the matrix",
                        JOB_DEADLINE, () -> {
                            assertThat(running.isDone()).as("the job ended: " + cli.err())
                                    .isFalse();
                            // Read in one script: the page redraws while the test looks.
                            Object seen = ((JavascriptExecutor) browser).executeScript(
                                    "return document.querySelector('.card .badge.STABLE, "
                                    + ".card .badge.HIGH_VOL, .card .badge.EXPLOSIVE, "
                                    + ".card .badge.EXTREME') !== null && [...document"
                                    + ".querySelectorAll('#heatmap td')].some(td => "
                                    + "/^-?0\\.\\d\\d$/.test(td.textContent))");
                            return Boolean.TRUE.equals(seen);
                        }, () -> pageSays(browser));
                long warm = System.nanoTime() - started;
                System.out.printf("the README's run: page warm %.1f s after the command%n",
                        warm / 1e9);
                assertThat(browser.findElement(By.id("source-badge")).getText())
                        .isEqualTo("SIMULATED");
                // The three pairs came by the job's pair correlation sink too, not only in the
                // snapshots: the page's own record of what that sink sent.
                waitFor(() -> Boolean.TRUE.equals(((JavascriptExecutor) browser).executeScript(
                        "return state.pairs.size === 3")),
                        "the three pairs from dashboard-pair-correlations-sink", browser);
                Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE)
                        .toPath();
                Files.copy(shot, Path.of("target", "dashboard-warm.png"),
                        StandardCopyOption.REPLACE_EXISTING);
            } finally {
                browser.quit();
                // The run is unbounded: cancelled here, as Ctrl-C would stop it.
                for (JobStatusMessage j : flink.listJobs().get()) {
                    if (!j.getJobState().isGloballyTerminalState()) {
                        flink.cancel(j.getJobId()).get();
                    }
                }
                if (job != null) {
                    job.get(JOB_DEADLINE.toSeconds(), TimeUnit.SECONDS);
                }
            }
        }
    }

    /**
     * The job's greeting of a simulator source: the page says "simulated" in its own colour,
     * never the live look, and shows the simulated clock: the newest time of its data (the
     * drill ended at 12:00), which no event in the feed is after.
     */
    static void simulatedSourceAndItsClock(ChromeDriver browser, WebSocket feed)
            throws Exception {
        feed.sendText("{\"kind\":\"source\",\"data\":{\"type\":\"simulator\",\"label\":"
                + "\"Simulated market\",\"speed\":60.0,\"bounded\":false}}", true).get();
        waitFor(() -> "simulated".equals(browser.findElement(By.tagName("body"))
                .getAttribute("data-look")), "the simulated look", browser);
        assertThat(browser.findElement(By.id("source-badge")).getText()).isEqualTo("SIMULATED");
        assertThat(browser.findElement(By.id("source-label")).getText())
                .isEqualTo("Simulated market · 60x speed");
        assertThat(browser.findElement(By.id("banner")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("banner")).getText()).startsWith("Simulated market:")
                .contains("60x faster than real time");
        assertThat(browser.findElement(By.id("card-SOL-USDT")).getText()).contains("simulated");
        // Neither the badge nor the connection dot has the live green.
        JavascriptExecutor js = browser;
        String liveGreen = "rgb(30, 132, 73)";
        String upGreen = "rgb(46, 204, 113)";
        assertThat(js.executeScript("return getComputedStyle(document.getElementById("
                + "'source-badge')).backgroundColor")).isNotIn(liveGreen, upGreen);
        assertThat(js.executeScript("return getComputedStyle(document.querySelector("
                + "'#status .dot')).backgroundColor")).isNotIn(liveGreen, upGreen);
        assertThat(browser.findElement(By.id("status")).getText()).doesNotContain("live");

        assertThat(browser.findElement(By.id("clock")).getText())
                .isEqualTo("simulated clock 2024-01-08 12:00 UTC");
        long clock = Long.parseLong(browser.findElement(By.id("clock"))
                .getAttribute("data-time"));
        assertThat(clock).isEqualTo(Instant.parse("2024-01-08T12:00:00Z").toEpochMilli());
        List<WebElement> events = browser.findElements(By.cssSelector("#events li"));
        assertThat(events).isNotEmpty();
        for (WebElement e : events) {
            assertThat(Long.parseLong(e.getAttribute("data-time"))).as(e.getText())
                    .isLessThanOrEqualTo(clock);
            // As shown: "2024-01-08 03:12 UTC · ..."
            String shown = e.findElement(By.className("meta")).getText().substring(0, 16);
            assertThat(Instant.parse(shown.replace(" ", "T") + ":00Z").toEpochMilli())
                    .as(e.getText()).isLessThanOrEqualTo(clock);
        }
        assertThat(browser.findElement(By.id("events-clock")).getText())
                .isEqualTo("(simulated time)");
    }

    /**
     * 18 simulated hours: the volatility (8 days), the trends and the correlation say how far
     * their warm-up is; no card shows a 24h change; the funding chart shows the rate while its
     * z-score warms up, not an empty grid.
     */
    static void warmingUpAndNo24hChangeFrom18Hours(ChromeDriver browser) {
        String sol = browser.findElement(By.id("card-SOL-USDT")).getText();
        assertThat(sol).containsPattern("Volatility\\s+warming up: 1[0-9] of 192 hours")
                .containsPattern("1h warming up 1[0-9]/20")
                // Sunday 18:00 to Monday 12:00: two weeks begun
                .contains("1w warming up 2/20")
                .contains("no timeframe warm yet");
        assertThat(browser.findElements(By.cssSelector("#card-SOL-USDT progress")))
                .isNotEmpty();
        assertThat(browser.findElement(By.id("corr-warmup")).getText())
                .containsPattern("7-day correlation warming up: 1[0-9] of 48 aligned hours");
        for (WebElement card : browser.findElements(By.cssSelector(".card"))) {
            assertThat(card.getText()).doesNotContain("% 24h").containsPattern(
                    "24h change: 1[0-9] of 24 h");
        }
        WebElement funding = browser.findElement(By.cssSelector(
                "#card-SOL-USDT [data-chart='funding']"));
        assertThat(funding.getText()).startsWith("Funding rate, % per hour");
        assertThat(funding.getAttribute("data-empty")).isEqualTo("false");
        assertThat(funding.findElements(By.tagName("canvas"))).hasSize(1);
    }

    /**
     * At 1600 px the three cards share the width (no empty column at the right), the panels
     * reach the right edge too, and the charts follow their card's width; scrollbars are dark.
     */
    static void usesTheWidthAt1600Px(ChromeDriver browser) throws Exception {
        browser.manage().window().setSize(new Dimension(1600, 1000));
        JavascriptExecutor js = browser;
        waitFor(() -> ((Number) js.executeScript("return window.innerWidth")).intValue() == 1600,
                "a 1600 px wide window", browser);
        String measure = """
                const right = s => Math.max(...[...document.querySelectorAll(s)]
                    .map(e => e.getBoundingClientRect().right));
                const box = document.getElementById('cards').getBoundingClientRect();
                const canvas = document.querySelector("#card-SOL-USDT [data-chart='price'] canvas");
                const charts = document.querySelector('#card-SOL-USDT .charts');
                return [box.right, right('.card'), right('.panel'), box.width,
                    canvas.getBoundingClientRect().width, charts.clientWidth];
                """;
        waitFor(() -> {
            @SuppressWarnings("unchecked")
            List<Number> m = (List<Number>) js.executeScript(measure);
            return Math.abs(m.get(4).doubleValue() - m.get(5).doubleValue()) <= 2;
        }, "the charts at their card's width", browser);
        @SuppressWarnings("unchecked")
        List<Number> m = (List<Number>) js.executeScript(measure);
        double cardsRight = m.get(0).doubleValue();
        assertThat(cardsRight).as("the cards' box").isGreaterThan(1500);
        assertThat(m.get(1).doubleValue()).as("the rightmost card's right edge, of " + m)
                .isGreaterThan(cardsRight - 2);
        assertThat(m.get(2).doubleValue()).as("the rightmost panel's right edge, of " + m)
                .isGreaterThan(cardsRight - 2);
        assertThat(m.get(4).doubleValue()).as("a chart's width, of " + m)
                .isGreaterThan(m.get(3).doubleValue() / 3 - 60);
        assertThat(js.executeScript("return getComputedStyle(document.documentElement)"
                + ".colorScheme")).isEqualTo("dark");
    }

    /** 25 hourly candles of {@code symbol} ending at {@code end}: 0.8 a day before, then 1.0. */
    static void dayOfHourlyCandles(WebSocket feed, String symbol, long end) throws Exception {
        long h = 3_600_000L;
        for (int i = 25; i >= 1; i--) {
            long open = end - i * h;
            feed.sendText("{\"kind\":\"candle\",\"data\":{\"symbol\":\"" + symbol + "\","
                    + "\"interval\":\"1h\",\"open_time\":" + open + ",\"close_time\":"
                    + (open + h - 1) + ",\"open\":\"1.0\",\"high\":\"1.0\",\"low\":\"0.8\","
                    + "\"close\":\"" + (i == 25 ? "0.8" : "1.0") + "\",\"volume\":\"1\","
                    + "\"quote_volume\":\"1\",\"trades\":1,\"taker_buy_base\":\"0\","
                    + "\"taker_buy_quote\":\"0\",\"count\":60,\"complete\":true}}", true).get();
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    /** Waits until the page shows {@code what}; fails saying what the page showed instead. */
    static void waitFor(Check check, String what, ChromeDriver browser) throws Exception {
        Await.until(what, () -> {
            try {
                return check.ok();
            } catch (NoSuchElementException e) {
                return false; // not rendered yet
            }
        }, () -> pageSays(browser));
    }

    /** The page's connection state and the start of its text, for a failure message. */
    static String pageSays(ChromeDriver browser) {
        try {
            String text = browser.findElement(By.tagName("body")).getText();
            return "status " + browser.findElement(By.id("status")).getAttribute("data-state")
                    + ", page: " + text.substring(0, Math.min(text.length(), 600));
        } catch (RuntimeException e) {
            return "(the page could not be read: " + e.getMessage() + ")";
        }
    }

    /** The first SOL cascade event among those the watcher got; null before there is one. */
    static String firstCascade(Arrivals arrivals) {
        return arrivals.events.keySet().stream()
                .filter(id -> id.startsWith("LIQUIDATION_CASCADE:SOL/USDT"))
                .findFirst().orElse(null);
    }
}
