package io.regimeflow.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.regimeflow.model.FundingSettlement;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake of the derivatives venues besides Binance on 127.0.0.1, answering as their public REST
 * APIs do: Bybit v5 ({@code GET /v5/market/funding/history}: newest first, both ends needed,
 * errors as HTTP 200 with a {@code retCode}, the {@code X-Bapi-Limit*} headers), OKX v5
 * ({@code GET /api/v5/public/funding-rate-history} with its inverted {@code before}/{@code after},
 * {@code /api/v5/public/instruments}, {@code {"code":"51001",...}} errors, 429 with code 50011)
 * and Hyperliquid ({@code POST /info} {@code fundingHistory}, plain-text 422s, 429s). It holds
 * funding settlements per spot symbol; a test can refuse the region (each venue's own refusal)
 * or rate-limit the next request.
 */
public final class FakeDerivativesVenues implements AutoCloseable {

    /** OKX contract sizes of the swaps the tests use (base units per contract, as OKX's). */
    public static final Map<String, BigDecimal> OKX_CONTRACT_VALUES = Map.of(
            "BTC-USDT-SWAP", new BigDecimal("0.01"), "ETH-USDT-SWAP", new BigDecimal("0.1"),
            "SOL-USDT-SWAP", BigDecimal.ONE, "ALGO-USDT-SWAP", BigDecimal.TEN,
            "AVAX-USDT-SWAP", BigDecimal.ONE);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    /** Settlements by base asset ({@code BTC}), each venue names its perpetual from it. */
    private final Map<String, NavigableMap<Long, FundingSettlement>> funding =
            new ConcurrentHashMap<>();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger rateLimits = new AtomicInteger();
    private volatile boolean regionRefused;

    public FakeDerivativesVenues() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-derivatives");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Puts funding settlements of the perpetual of {@code symbol} ({@code BASE/QUOTE}). */
    public FakeDerivativesVenues funding(String symbol, List<FundingSettlement> list) {
        NavigableMap<Long, FundingSettlement> m = funding.computeIfAbsent(base(symbol),
                k -> new ConcurrentSkipListMap<>());
        list.forEach(f -> m.put(f.fundingTime(), f));
        return this;
    }

    /** From now on every venue refuses this region, each its own way. */
    public void refuseRegion() {
        regionRefused = true;
    }

    /** The next {@code n} requests are rate-limited, each venue its own way. */
    public void rateLimitNext(int n) {
        rateLimits.set(n);
    }

    /** Every request, as "METHOD path?query body". */
    public List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    private static String base(String symbol) {
        return symbol.substring(0, symbol.indexOf('/'));
    }

    private record Answer(int status, Map<String, String> headers, String body) {}

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String raw = ex.getRequestURI().getRawQuery();
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(ex.getRequestMethod() + " " + path + (raw == null ? "" : "?" + raw)
                + (body.isEmpty() ? "" : " " + body));
        Answer a;
        try {
            a = answer(ex.getRequestMethod(), path, FakeBinance.query(raw), body);
        } catch (RuntimeException e) {
            a = new Answer(500, Map.of(), "internal error: " + e);
        }
        byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", a.body().startsWith("<") ? "text/html"
                : a.body().startsWith("{") || a.body().startsWith("[")
                        ? "application/json; charset=utf-8" : "text/plain; charset=utf-8");
        a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.sendResponseHeaders(a.status(), bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        } finally {
            ex.close();
        }
    }

    private Answer answer(String method, String path, Map<String, String> q, String body) {
        boolean limited = rateLimits.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        if (path.startsWith("/v5/")) {
            return bybit(path, q, limited);
        } else if (path.startsWith("/api/v5/")) {
            return okx(path, q, limited);
        } else if (path.equals("/info") && method.equals("POST")) {
            return hyperliquid(body, limited);
        }
        return new Answer(404, Map.of(), "Not Found");
    }

    // Bybit v5

    private Answer bybit(String path, Map<String, String> q, boolean limited) {
        if (regionRefused) {
            // Bybit sits behind CloudFront, which refuses a blocked country itself.
            return new Answer(403, Map.of("X-Cache", "Error from cloudfront"), "<!DOCTYPE HTML "
                    + "PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\"><HTML><HEAD><TITLE>ERROR: "
                    + "The request could not be satisfied</TITLE></HEAD><BODY><H1>403 ERROR</H1>"
                    + "<H2>The request could not be satisfied.</H2><HR noshade size=\"1px\">The "
                    + "Amazon CloudFront distribution is configured to block access from your "
                    + "country.</BODY></HTML>");
        }
        long reset = System.currentTimeMillis() + 1000;
        Map<String, String> limit = Map.of("X-Bapi-Limit", "600", "X-Bapi-Limit-Status",
                limited ? "0" : "599", "X-Bapi-Limit-Reset-Timestamp", Long.toString(reset));
        if (limited) {
            return new Answer(200, limit, bybitError(10006, "Too many visits!"));
        }
        if (!path.equals("/v5/market/funding/history")) {
            return new Answer(404, Map.of(), "{}");
        }
        String symbol = q.get("symbol");
        if (!"linear".equals(q.get("category"))) {
            return new Answer(200, limit, bybitError(10001, "params error: category is "
                    + "invalid"));
        }
        if (q.containsKey("startTime") && !q.containsKey("endTime")) {
            return new Answer(200, limit, bybitError(10001, "params error: endTime is required "
                    + "when startTime is given"));
        }
        NavigableMap<Long, FundingSettlement> all = symbol == null || !symbol.endsWith("USDT")
                ? null : funding.get(symbol.substring(0, symbol.length() - 4));
        if (all == null) {
            return new Answer(200, limit, bybitError(10001, "params error: symbol invalid"));
        }
        long start = Long.parseLong(q.getOrDefault("startTime", "0"));
        long end = Long.parseLong(q.getOrDefault("endTime", Long.toString(Long.MAX_VALUE)));
        int n = Math.min(200, Integer.parseInt(q.getOrDefault("limit", "200")));
        List<String> rows = new ArrayList<>();
        for (FundingSettlement f : newest(all, start, end, n)) {
            rows.add("{\"symbol\":\"" + symbol + "\",\"fundingRate\":\""
                    + f.fundingRate().toPlainString() + "\",\"fundingRateTimestamp\":\""
                    + f.fundingTime() + "\"}");
        }
        return new Answer(200, limit, "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"category\":"
                + "\"linear\",\"list\":[" + String.join(",", rows) + "]},\"retExtInfo\":{},"
                + "\"time\":" + System.currentTimeMillis() + "}");
    }

    private static String bybitError(int code, String msg) {
        return "{\"retCode\":" + code + ",\"retMsg\":\"" + msg + "\",\"result\":{},"
                + "\"retExtInfo\":{},\"time\":" + System.currentTimeMillis() + "}";
    }

    // OKX v5

    private Answer okx(String path, Map<String, String> q, boolean limited) {
        if (regionRefused) {
            return new Answer(403, Map.of(), "{\"msg\":\"Due to local laws and regulations, our "
                    + "services are unavailable to residents of your country or region.\","
                    + "\"code\":\"51155\"}");
        }
        if (limited) {
            return new Answer(429, Map.of(), "{\"msg\":\"Too Many Requests\",\"code\":\"50011\"}");
        }
        if (path.equals("/api/v5/public/instruments")) {
            List<String> rows = new ArrayList<>();
            OKX_CONTRACT_VALUES.forEach((id, ct) -> rows.add("{\"instType\":\"SWAP\",\"instId\":\""
                    + id + "\",\"ctVal\":\"" + ct.toPlainString() + "\",\"ctValCcy\":\""
                    + id.substring(0, id.indexOf('-')) + "\",\"ctType\":\"linear\","
                    + "\"settleCcy\":\"USDT\",\"state\":\"live\"}"));
            return new Answer(200, Map.of(), "{\"code\":\"0\",\"msg\":\"\",\"data\":["
                    + String.join(",", rows) + "]}");
        }
        if (!path.equals("/api/v5/public/funding-rate-history")) {
            return new Answer(404, Map.of(), "{\"msg\":\"Not Found\",\"code\":\"404\"}");
        }
        String inst = q.getOrDefault("instId", "");
        NavigableMap<Long, FundingSettlement> all = inst.endsWith("-USDT-SWAP")
                ? funding.get(inst.substring(0, inst.indexOf('-'))) : null;
        if (all == null) {
            return new Answer(200, Map.of(), "{\"code\":\"51001\",\"msg\":\"Instrument ID does not "
                    + "exist\",\"data\":[]}");
        }
        // 'before': newer than; 'after': older than (both exclusive).
        long newer = Long.parseLong(q.getOrDefault("before", "0"));
        long older = Long.parseLong(q.getOrDefault("after", Long.toString(Long.MAX_VALUE)));
        int n = Math.min(100, Integer.parseInt(q.getOrDefault("limit", "100")));
        List<String> rows = new ArrayList<>();
        for (FundingSettlement f : newest(all, newer + 1, older - 1, n)) {
            String rate = f.fundingRate().toPlainString();
            rows.add("{\"fundingRate\":\"" + rate + "\",\"fundingTime\":\"" + f.fundingTime()
                    + "\",\"instId\":\"" + inst + "\",\"instType\":\"SWAP\",\"method\":"
                    + "\"current_period\",\"realizedRate\":\"" + rate + "\"}");
        }
        return new Answer(200, Map.of(), "{\"code\":\"0\",\"msg\":\"\",\"data\":["
                + String.join(",", rows) + "]}");
    }

    // Hyperliquid

    private Answer hyperliquid(String body, boolean limited) {
        if (regionRefused) {
            return new Answer(403, Map.of(), "{\"error\":\"Access from a restricted jurisdiction "
                    + "is not permitted\"}");
        }
        if (limited) {
            return new Answer(429, Map.of(), "null");
        }
        JsonNode req;
        try {
            req = JSON.readTree(body);
        } catch (IOException e) {
            req = null;
        }
        if (req == null || !"fundingHistory".equals(req.path("type").asText())
                || !req.path("coin").isTextual() || !req.path("startTime").isIntegralNumber()) {
            return new Answer(422, Map.of(), "Failed to deserialize the JSON body into the "
                    + "target type");
        }
        String coin = req.get("coin").asText();
        NavigableMap<Long, FundingSettlement> all = funding.getOrDefault(coin,
                new ConcurrentSkipListMap<>());
        long start = req.get("startTime").asLong();
        long end = req.path("endTime").asLong(Long.MAX_VALUE);
        long now = System.currentTimeMillis();
        List<String> rows = new ArrayList<>();
        for (FundingSettlement f : all.subMap(start, true, end, true).values()) {
            if (rows.size() == 500 || f.fundingTime() > now) {
                break;
            }
            // Hyperliquid quotes the hourly rate; its premium is a number of its own.
            rows.add("{\"coin\":\"" + coin + "\",\"fundingRate\":\""
                    + f.fundingRate().toPlainString() + "\",\"premium\":\""
                    + f.fundingRate().subtract(new BigDecimal("0.0000125"))
                            .setScale(10, RoundingMode.HALF_UP).toPlainString()
                    + "\",\"time\":" + f.fundingTime() + "}");
        }
        return new Answer(200, Map.of(), "[" + String.join(",", rows) + "]");
    }

    /** The newest {@code n} settlements in [from, to], newest first, none in the future. */
    private static List<FundingSettlement> newest(NavigableMap<Long, FundingSettlement> all,
            long from, long to, int n) {
        long now = System.currentTimeMillis();
        List<FundingSettlement> out = new ArrayList<>();
        for (FundingSettlement f : all.subMap(from, true, Math.min(to, now), true)
                .descendingMap().values()) {
            if (out.size() == n) {
                break;
            }
            out.add(f);
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
