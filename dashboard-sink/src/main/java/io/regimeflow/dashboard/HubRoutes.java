package io.regimeflow.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.regimeflow.model.MarketJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's plain HTTP side, everything that is not a WebSocket upgrade: the page's files (with
 * a Content-Security-Policy that allows nothing inline), {@code /health}, {@code /api/correlation}
 * (from what the hub holds) and the REST history under {@code /api/} (503 without a database).
 * GET only.
 */
final class HubRoutes extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(HubRoutes.class);

    /** The page's files: path to classpath resource and content type. */
    private static final Map<String, String[]> FILES = Map.of(
            "/", new String[] {"dashboard/index.html", "text/html; charset=utf-8"},
            "/app.js", new String[] {"dashboard/app.js", "text/javascript; charset=utf-8"},
            "/style.css", new String[] {"dashboard/style.css", "text/css; charset=utf-8"},
            "/favicon.svg", new String[] {"dashboard/favicon.svg", "image/svg+xml"},
            // What a browser asks for when a page names no icon (a JSON view, an old tab).
            "/favicon.ico", new String[] {"dashboard/favicon.svg", "image/svg+xml"},
            "/vendor/uPlot.iife.min.js", new String[] {webjar("dist/uPlot.iife.min.js"),
                "text/javascript; charset=utf-8"},
            "/vendor/uPlot.min.css", new String[] {webjar("dist/uPlot.min.css"),
                "text/css; charset=utf-8"});

    /** Scripts and styles from this server only; nothing inline, so injected markup is inert. */
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    private final HistoryApi history;
    private final LiveState state;
    private final BrowserChannel browsers;
    private final AtomicLong rejected;

    HubRoutes(HistoryApi history, LiveState state, BrowserChannel browsers, AtomicLong rejected) {
        this.history = history;
        this.state = state;
        this.browsers = browsers;
        this.rejected = rejected;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback)
            throws Exception {
        String path = Request.getPathInContext(request);
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("Referrer-Policy", "no-referrer");
        if (!request.getMethod().equals("GET")) {
            Response.writeError(request, response, callback, 405, "GET only");
            return true;
        }
        String[] file = FILES.get(path);
        if (file != null) {
            serveFile(file, response, callback);
            return true;
        }
        if (path.equals("/health")) {
            json(response, callback, 200, health());
            return true;
        }
        if (path.startsWith("/api/")) {
            api(path, Request.extractQueryParameters(request), response, callback);
            return true;
        }
        Response.writeError(request, response, callback, 404, "no such page: " + path);
        return true;
    }

    private void serveFile(String[] file, Response response, Callback callback)
            throws IOException {
        try (InputStream in = HubRoutes.class.getClassLoader().getResourceAsStream(file[0])) {
            if (in == null) {
                throw new IOException("missing from the jar: " + file[0]);
            }
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, file[1]);
            response.getHeaders().put("Content-Security-Policy", CSP);
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
            response.write(true, ByteBuffer.wrap(in.readAllBytes()), callback);
        }
    }

    private void api(String path, Fields query, Response response, Callback callback) {
        if (path.equals("/api/correlation")) {
            correlation(query, response, callback);
            return;
        }
        if (history == null) {
            json(response, callback, 503, error("no database configured: start the hub with "
                    + "--db <the JDBC URL the job writes>"));
            return;
        }
        try {
            JsonNode body = switch (path) {
                case "/api/features" -> history.features();
                case "/api/cascades" -> history.part("cascades");
                case "/api/volatility" -> history.part("volatility");
                case "/api/events" -> history.events(query.getValue("type"),
                        query.getValue("symbol"), query.getValue("since"),
                        query.getValue("limit"));
                default -> null;
            };
            if (body == null) {
                json(response, callback, 404, error("no such endpoint: " + path + "; expected "
                        + "/api/features, /api/cascades, /api/volatility, /api/correlation or "
                        + "/api/events"));
            } else {
                json(response, callback, 200, body);
            }
        } catch (HistoryApi.BadRequest e) {
            json(response, callback, 400, error(e.getMessage()));
        } catch (Exception e) {
            LOG.warn("{} failed: {}", path, e.toString());
            json(response, callback, 503, error("database unavailable: " + e.getMessage()));
        }
    }

    /**
     * Every pair's latest correlation as the hub holds it (what the job sent), ranked and
     * filtered by {@link PairCorrelationQuery}; with a database, the pairs its latest snapshots
     * hold until the job has sent any (a standalone hub before its job connects). Without either:
     * no pairs, not an error.
     */
    private void correlation(Fields query, Response response, Callback callback) {
        List<JsonNode> pairs = state.latestPairs();
        JsonNode leading = state.leadingAsset();
        String source = "hub";
        try {
            if (pairs.isEmpty() && history != null) {
                ObjectNode fromDatabase = history.correlation();
                pairs = new ArrayList<>();
                fromDatabase.path("pairs").forEach(pairs::add);
                leading = fromDatabase.get("leading_asset");
                source = "database";
            }
            json(response, callback, 200, PairCorrelationQuery.answer(pairs, leading, source,
                    query.getValue("symbol"), query.getValue("limit")));
        } catch (HistoryApi.BadRequest e) {
            json(response, callback, 400, error(e.getMessage()));
        } catch (Exception e) {
            LOG.warn("/api/correlation failed: {}", e.toString());
            json(response, callback, 503, error("database unavailable: " + e.getMessage()));
        }
    }

    private ObjectNode health() {
        ObjectNode h = MarketJson.mapper().createObjectNode();
        h.put("status", "ok");
        h.put("browsers", browsers.size());
        h.put("last_update", state.lastUpdateMs());
        h.put("rejected_messages", rejected.get());
        h.put("database", history == null ? "not configured" : history.health());
        return h;
    }

    private static ObjectNode error(String message) {
        ObjectNode e = MarketJson.mapper().createObjectNode();
        e.put("error", message);
        return e;
    }

    private static void json(Response response, Callback callback, int status, JsonNode body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body.toString().getBytes(StandardCharsets.UTF_8)),
                callback);
    }

    private static String webjar(String file) {
        Properties p = new Properties();
        try (InputStream in = HubRoutes.class.getClassLoader().getResourceAsStream(
                "META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the uPlot WebJar is not on the classpath");
            }
            p.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return "META-INF/resources/webjars/uplot/" + p.getProperty("version") + "/" + file;
    }
}
