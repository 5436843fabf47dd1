package io.regimeflow.job;

import static io.regimeflow.job.DashboardBrowserIT.chromium;
import static io.regimeflow.job.DashboardBrowserIT.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.dashboard.DashboardHub;
import io.regimeflow.dashboard.HubSettings;
import io.regimeflow.model.BreakSeverity;
import io.regimeflow.model.HourlyPairCorrelation;
import io.regimeflow.testkit.Await;
import io.regimeflow.testkit.ManyPairCorrelations;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The correlation panel in headless Chromium with every pair of 150 symbols (11,175), sent to
 * the hub as the job's dashboard sink sends them: the top-pairs list ranks the breaks first
 * (HIGH, MEDIUM, LOW, highlighted) and then the strongest pairs by |30d|, with their 7d and 30d
 * values; no 150 x 150 matrix is drawn; typing "SOL" in the search narrows the list to SOL's
 * 149 pairs and draws the matrix rows of SOL and its strongest partners; a new break arrives by
 * push. A screenshot is left in {@code job/target/dashboard-heatmap.png}.
 */
class CorrelationHeatmapBrowserIT {
    static final int SYMBOLS = 150;
    static final long HOUR = 1_710_291_599_999L;
    /** Rows of the list without a search: the 3 breaks and the 22 strongest others. */
    static final int LIST_ROWS = 25;

    @TempDir
    Path dir;

    /** The list's rows as the page shows them, read in one script (the page may redraw). */
    @SuppressWarnings("unchecked")
    static List<List<String>> rows(ChromeDriver browser) {
        return (List<List<String>>) ((JavascriptExecutor) browser).executeScript(
                "return [...document.querySelectorAll('#top-pairs tr[data-pair]')].map(r => "
                        + "[r.dataset.pair, r.className, r.innerText.replace(/\\s+/g, ' ')"
                        + ".trim()])");
    }

    static String listSays(ChromeDriver browser) {
        List<List<String>> rows = rows(browser);
        return DashboardBrowserIT.pageSays(browser) + "; " + rows.size() + " rows, first: "
                + rows.subList(0, Math.min(5, rows.size()));
    }

    @Test
    void topPairsBreaksAndSearchStayReadableAt150Symbols() throws Exception {
        try (DashboardHub hub = DashboardHub.start(new HubSettings("127.0.0.1", 0, null, null,
                null, null))) {
            WebSocket feed = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(hub.ingestUrl(), new WebSocket.Listener() {})
                    .get(DashboardBrowserIT.PATIENT_S, TimeUnit.SECONDS);
            List<HourlyPairCorrelation> hour = ManyPairCorrelations.hour(SYMBOLS, HOUR);
            for (HourlyPairCorrelation p : hour) {
                feed.sendText(ManyPairCorrelations.message(p), true).get();
            }
            ChromeDriver browser = chromium(dir.resolve("chromium-profile"));
            try {
                browser.get(hub.url().toString());
                // The hub takes one connection's messages in order; the page gets them in its
                // state or pushed after it: either way, all of them in the end.
                Await.until("every pair on the page", () -> browser.findElement(
                        By.id("corr-summary")).getText().equals(
                                "150 symbols · 11,175 pairs · 3 in break · breaks first, then "
                                + "the strongest by |30d|"), () -> listSays(browser));

                List<List<String>> rows = rows(browser);
                assertThat(rows).hasSize(LIST_ROWS);
                assertThat(rows.subList(0, 5)).extracting(r -> r.get(0)).containsExactly(
                        ManyPairCorrelations.HIGH_BREAK, ManyPairCorrelations.MEDIUM_BREAK,
                        ManyPairCorrelations.LOW_BREAK, ManyPairCorrelations.STRONGEST,
                        ManyPairCorrelations.STRONGEST_NEGATIVE);
                assertThat(rows.get(0).get(1)).isEqualTo("break sev-HIGH");
                assertThat(rows.get(0).get(2))
                        .isEqualTo("ETH/USDT ~ SOL/USDT 0.10 0.85 HIGH break · 8 h");
                assertThat(rows.get(1).get(1)).isEqualTo("break sev-MEDIUM");
                assertThat(rows.get(2).get(1)).isEqualTo("break sev-LOW");
                assertThat(rows.get(3).get(1)).isEmpty();
                assertThat(rows.get(3).get(2)).isEqualTo("BTC/USDT ~ ETH/USDT 0.95 0.97");
                assertThat(rows.get(4).get(2)).isEqualTo("C100/USDT ~ C101/USDT -0.90 -0.96");
                // A break is highlighted: its row has a background the others do not.
                @SuppressWarnings("unchecked")
                List<String> backgrounds = (List<String>) ((JavascriptExecutor) browser)
                        .executeScript("const bg = p => getComputedStyle(document.querySelector("
                        + "\"#top-pairs tr[data-pair='\" + p + \"']\")).backgroundColor; "
                        + "return [bg(arguments[0]), bg(arguments[1])]",
                        ManyPairCorrelations.HIGH_BREAK, ManyPairCorrelations.STRONGEST);
                assertThat(backgrounds.get(0)).as("a HIGH break's row, a plain row: "
                        + backgrounds).isNotEqualTo(backgrounds.get(1))
                        .isNotEqualTo("rgba(0, 0, 0, 0)");
                // No 150 x 150 matrix: a word on how to see one instead.
                assertThat(browser.findElements(By.cssSelector("#heatmap table"))).isEmpty();
                assertThat(browser.findElement(By.id("heatmap")).getText())
                        .isEqualTo("the matrix is drawn up to 12 symbols: search a symbol for "
                                + "its rows");

                searchNarrowsToOneSymbol(browser);
                aNewBreakArrivesByPush(browser, feed);

                Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE)
                        .toPath();
                Files.copy(shot, Path.of("target", "dashboard-heatmap.png"),
                        StandardCopyOption.REPLACE_EXISTING);

                // Selected and deleted as a person would: clear() fires no input event.
                browser.findElement(By.id("corr-search")).sendKeys(Keys.chord(Keys.CONTROL,
                        "a"), Keys.DELETE);
                waitFor(() -> rows(browser).size() == LIST_ROWS
                        && browser.findElements(By.cssSelector("#heatmap table")).isEmpty(),
                        "the whole list back without a matrix", browser);
                assertThat(browser.manage().logs().get("browser").getAll())
                        .extracting(Object::toString)
                        .noneMatch(line -> line.contains("Content Security Policy"));
            } finally {
                browser.quit();
                feed.abort();
            }
        }
    }

    /**
     * "SOL" in the search: the list holds SOL's 149 pairs, its two breaks first, and the matrix
     * is drawn for SOL and its strongest partners, 12 symbols, SOL's row first.
     */
    static void searchNarrowsToOneSymbol(ChromeDriver browser) throws Exception {
        browser.findElement(By.id("corr-search")).sendKeys("SOL");
        waitFor(() -> {
            List<List<String>> rows = rows(browser);
            return rows.size() == SYMBOLS - 1
                    && rows.stream().allMatch(r -> r.get(0).contains("SOL/USDT"));
        }, "only SOL's 149 pairs listed", browser);
        assertThat(browser.findElement(By.id("corr-summary")).getText())
                .isEqualTo("“SOL”: 1 symbol, 149 pairs, 2 in break");
        List<List<String>> rows = rows(browser);
        assertThat(rows.subList(0, 2)).extracting(r -> r.get(0)).containsExactly(
                ManyPairCorrelations.HIGH_BREAK, ManyPairCorrelations.LOW_BREAK);
        @SuppressWarnings("unchecked")
        List<String> matrixRows = (List<String>) ((JavascriptExecutor) browser).executeScript(
                "return [...document.querySelectorAll('#heatmap tr[data-symbol]')]"
                        + ".map(r => r.dataset.symbol)");
        assertThat(matrixRows).hasSize(12).startsWith("SOL/USDT").contains("ETH/USDT",
                "BTC/USDT");
        // SOL's row holds its 7-day correlation with ETH, outlined as a break.
        assertThat(browser.findElement(By.cssSelector("#heatmap tr[data-symbol='SOL/USDT']"))
                .findElements(By.cssSelector("td.break"))).extracting(e -> e.getText())
                .contains("0.10");
    }

    /** A pair entering break later comes to the open page by push and ranks where it should. */
    static void aNewBreakArrivesByPush(ChromeDriver browser, WebSocket feed) throws Exception {
        String pair = "C004/USDT~SOL/USDT";
        feed.sendText(ManyPairCorrelations.message(new HourlyPairCorrelation(HOUR + 3_600_000L,
                pair, "C004/USDT", "SOL/USDT", 0.04, 0.9, true, 0.96, BreakSeverity.HIGH, 1,
                null)), true).get();
        waitFor(() -> {
            List<List<String>> rows = rows(browser);
            return !rows.isEmpty() && rows.get(0).get(0).equals(pair);
        }, "the new HIGH break first", browser);
        assertThat(rows(browser).get(1).get(0)).isEqualTo(ManyPairCorrelations.HIGH_BREAK);
        assertThat(browser.findElement(By.id("corr-summary")).getText())
                .isEqualTo("“SOL”: 1 symbol, 149 pairs, 3 in break");
    }
}
