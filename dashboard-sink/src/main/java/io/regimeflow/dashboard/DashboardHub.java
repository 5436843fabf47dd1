package io.regimeflow.dashboard;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's server: the job's sinks connect out to {@code /ingest} (WebSocket), browsers to
 * {@code /live} (WebSocket: the current state, then every update), the REST history under
 * {@code /api/}, {@code /health}, and the page at {@code /}. It runs inside a local job or on its
 * own ({@link #main}).
 */
public final class DashboardHub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardHub.class);

    private final Server server;
    private final ServerConnector connector;
    private final LiveState state = new LiveState();
    private final BrowserChannel browsers = new BrowserChannel(state);
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong ingestConnections = new AtomicLong();
    private final HistoryApi history;
    private final HubSettings settings;
    /** What {@link #startWithLastKnownState} took from the database, in words. */
    private String seedResult = "";

    private DashboardHub(HubSettings settings, Duration idleTimeout) {
        this.settings = settings;
        this.history = settings.jdbcUrl() == null ? null
                : new HistoryApi(settings.jdbcUrl(), settings.jdbcUser(), settings.jdbcPassword());
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        server.addConnector(connector);
        WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(server, container -> {
            if (idleTimeout != null) {
                container.setIdleTimeout(idleTimeout);
            }
            container.addMapping("/live", (req, resp, cb) -> browsers.endpoint());
            container.addMapping("/ingest", (req, resp, cb) -> {
                if (!authorized(req.getHeaders().get(HttpHeader.AUTHORIZATION))) {
                    LOG.warn("ingest connection from {} refused: no valid token",
                            Request.getRemoteAddr(req));
                    Response.writeError(req, resp, cb, 401, "ingest token required");
                    return null;
                }
                ingestConnections.incrementAndGet();
                return new IngestEndpoint(state, browsers, rejected);
            });
        });
        ws.setHandler(new HubRoutes(history, state, browsers, rejected));
        server.setHandler(ws);
    }

    public static DashboardHub start(HubSettings settings) throws Exception {
        return start(settings, null);
    }

    /**
     * A hub whose sockets close after {@code idleTimeout} without traffic (null: Jetty's, 30 s);
     * for tests of what keeps them open.
     */
    static DashboardHub start(HubSettings settings, Duration idleTimeout) throws Exception {
        DashboardHub hub = new DashboardHub(settings, idleTimeout);
        hub.server.start();
        LOG.info("dashboard at {}", hub.url());
        return hub;
    }

    /**
     * A hub that shows the database's last known state at once (see {@link #seedFromDatabase}),
     * then what a job sends: the standalone hub's start. The hub inside a local run does not
     * seed: its job is about to send its own state, and an earlier run's data (a simulated
     * market from another start, say) would be mixed into it.
     */
    public static DashboardHub startWithLastKnownState(HubSettings settings) throws Exception {
        DashboardHub hub = new DashboardHub(settings, null);
        hub.seedResult = hub.seedFromDatabase();
        hub.server.start();
        LOG.info("dashboard at {}", hub.url());
        return hub;
    }

    /** A week of hours: the span of the page's charts, and of what is seeded. */
    static final long SEED_SPAN_MS = LiveState.HOURS_KEPT * 3_600_000L;

    /**
     * Fills the page's state from the database the job writes: per symbol the last week of
     * snapshots and 1h candles before its newest, the newest events, and every pair's
     * correlation of the newest hour. A database that cannot
     * be read leaves the page empty until a job sends (said in the log and the result).
     *
     * @return what was loaded, in words, for the hub's start line
     */
    String seedFromDatabase() {
        if (history == null) {
            return "no database configured (--db): the page fills as a job sends";
        }
        try {
            HistoryApi.LastKnownState s = history.lastKnownState(SEED_SPAN_MS,
                    LiveState.EVENTS_KEPT);
            state.seed(s.snapshots(), s.candles(), s.events(), s.pairs(),
                    System.currentTimeMillis());
            long newest = s.snapshots().stream().mapToLong(n -> n.path("timestamp").asLong())
                    .max().orElse(0);
            String result = s.snapshots().isEmpty() && s.candles().isEmpty()
                    && s.events().isEmpty() && s.pairs().isEmpty()
                    ? "the database holds no data yet"
                    : "showing the database's last known state: " + s.snapshots().size()
                            + " snapshots" + (newest > 0 ? " up to "
                            + Instant.ofEpochMilli(newest) : "") + ", "
                            + s.candles().size() + " 1h candles, " + s.events().size()
                            + " events, " + s.pairs().size() + " pair correlations";
            LOG.info("{}", result);
            return result;
        } catch (Exception e) {
            LOG.warn("the last known state could not be read from the database: {}",
                    e.toString());
            return "the last known state could not be read from the database (" + e.getMessage()
                    + "): the page fills as a job sends";
        }
    }

    public URI url() {
        return URI.create("http://" + hostForUrl() + ":" + connector.getLocalPort() + "/");
    }

    /** How many sink connections the ingest endpoint has accepted. */
    long ingestConnections() {
        return ingestConnections.get();
    }

    /** What a browser connecting now would get first. */
    String stateMessage() {
        return state.stateMessage();
    }

    /** Where a job's dashboard sink connects. */
    public URI ingestUrl() {
        return URI.create("ws://" + hostForUrl() + ":" + connector.getLocalPort() + "/ingest");
    }

    private String hostForUrl() {
        String h = settings.host();
        return h.equals("0.0.0.0") || h.isEmpty() ? "localhost" : h.contains(":") ? "[" + h + "]"
                : h;
    }

    private boolean authorized(String header) {
        String token = settings.ingestToken();
        if (token == null) {
            return true;
        }
        String expected = "Bearer " + token;
        return header != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                header.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /**
     * The hub on its own: {@code java -jar regimeflow-dashboard-sink.jar [--host H] [--port P]
     * [--token T] [--db JDBC_URL] [--db-user U]}; the token and the database password also from
     * REGIMEFLOW_DASHBOARD_INGEST_TOKEN and REGIMEFLOW_SINKS_JDBC_PASSWORD.
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                System.err.println("usage: java -jar regimeflow-dashboard-sink.jar [--host H] "
                        + "[--port P] [--token T] [--db JDBC_URL] [--db-user U]");
                System.exit(2);
            }
            opts.put(args[i].substring(2), args[++i]);
        }
        HubSettings s;
        try {
            s = new HubSettings(opts.getOrDefault("host", "127.0.0.1"),
                    Integer.parseInt(opts.getOrDefault("port", "8088")),
                    opts.getOrDefault("token", System.getenv("REGIMEFLOW_DASHBOARD_INGEST_TOKEN")),
                    opts.get("db"), opts.get("db-user"),
                    System.getenv("REGIMEFLOW_SINKS_JDBC_PASSWORD"));
        } catch (IllegalArgumentException e) {
            System.err.println("regimeflow dashboard: " + e.getMessage());
            System.exit(2);
            return;
        }
        DashboardHub hub = startWithLastKnownState(s);
        System.out.println("regimeflow dashboard: " + hub.url() + " (the job's sinks connect to "
                + hub.ingestUrl() + "); " + hub.seedResult);
        hub.server.join();
    }
}
