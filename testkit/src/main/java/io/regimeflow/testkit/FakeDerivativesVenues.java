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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake of the derivatives venues besides Binance on 127.0.0.1, answering as their public REST
 * APIs do: Bybit v5 ({@code GET /v5/market/funding/history}: newest first, both ends needed,
 * errors as HTTP 200 with a {@code retCode}, the {@code X-Bapi-Limit*} headers;
 * {@code GET /v5/market/instruments-info} in pages with {@code nextPageCursor}), OKX v5
 * ({@code GET /api/v5/public/funding-rate-history} with its inverted {@code before}/{@code after},
 * {@code /api/v5/public/instruments}, {@code {"code":"51001",...}} errors, 429 with code 50011)
 * and Hyperliquid ({@code POST /info} {@code fundingHistory} and {@code meta}, plain-text 422s,
 * 429s); its answers to too many requests are the venues' real bodies ({@link Limit}). Each lists
 * the perpetuals of {@link VenueListings#COINS} and of every coin it holds
 * funding for, named as the venue names them ({@code SHIB1000USDT}, {@code kSHIB}, a million
 * SHIB a contract on OKX), and answers a name it does not list as the venue does. It holds
 * funding settlements per spot symbol; a test can refuse the region (each venue's own refusal),
 * unlist a coin, or rate-limit the next request.
 */
public final class FakeDerivativesVenues implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    /** Settlements by base asset ({@code BTC}), each venue names its perpetual from it. */
    private final Map<String, NavigableMap<Long, FundingSettlement>> funding =
            new ConcurrentHashMap<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger rateLimits = new AtomicInteger();
    private volatile Limit limit;
    private volatile long bybitResetInMs = 1000;
    private final List<Long> bybitResets = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> unlisted = ConcurrentHashMap.newKeySet();
    private volatile int instrumentsPageSize = 1000;
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

    /** From now on no venue lists a perpetual of {@code symbol}'s coin. */
    public FakeDerivativesVenues unlist(String symbol) {
        unlisted.add(base(symbol));
        return this;
    }

    /** Bybit's instruments answer at most this many a page (it allows up to 1000). */
    public FakeDerivativesVenues instrumentsPageSize(int n) {
        instrumentsPageSize = n;
        return this;
    }

    /** The coins listed now, in order. */
    private List<String> listed() {
        Set<String> coins = new TreeSet<>(VenueListings.COINS);
        coins.addAll(funding.keySet());
        coins.removeAll(unlisted);
        return List.copyOf(coins);
    }

    /** The settlements of the coin a venue's perpetual name stands for, or null if unlisted. */
    private NavigableMap<Long, FundingSettlement> fundingOf(String venue, String perpetual) {
        String coin = perpetual == null ? null : VenueListings.coin(venue, perpetual, listed());
        return coin == null ? null : funding.computeIfAbsent(coin,
                k -> new ConcurrentSkipListMap<>());
    }

    /** From now on every venue refuses this region, each its own way. */
    public void refuseRegion() {
        regionRefused = true;
    }

    /**
     * A venue's own answer to too many requests, with the real body recorded in
     * {@code shared/data/errors} ({@link RecordedErrors}).
     */
    public enum Limit {
        /**
         * Bybit's {@code retCode} 10006 in an HTTP 200 ({@code bybit-10006-too-many-visits}),
         * with {@code X-Bapi-Limit-Reset-Timestamp} {@link #bybitResetIn} ahead.
         */
        BYBIT_10006("bybit-10006-too-many-visits", 200),
        /** The same without the reset header, as pybit#340 saw it. */
        BYBIT_10006_WITHOUT_RESET("bybit-10006-too-many-visits", 200),
        /** OKX's 429 with {@code "code":"50011"}, a string ({@code okx-429-50011-string-code}). */
        OKX_50011("okx-429-50011-string-code", 429),
        /** OKX's older 429 with {@code "code":50011}, a number. */
        OKX_50011_NUMBER("okx-429-50011-numeric-code-older", 429),
        /**
         * Hyperliquid's 429; no body of one is recorded, so none is sent (an empty one).
         */
        HYPERLIQUID_429(null, 429);

        final String recorded;
        final int status;

        Limit(String recorded, int status) {
            this.recorded = recorded;
            this.status = status;
        }
    }

    /** One request: when it arrived (epoch ms) and "METHOD path?query body". */
    public record Request(long at, String line) {}

    /** The next {@code n} requests are rate-limited, each venue its usual way. */
    public void rateLimitNext(int n) {
        rateLimitNext(n, null);
    }

    /** The next {@code n} requests are answered with {@code how} (null: the venue's usual). */
    public void rateLimitNext(int n, Limit how) {
        limit = how;
        rateLimits.set(n);
    }

    /** How far ahead Bybit's limit resets (
            {@code X-Bapi-Limit-Reset-Timestamp}); 1 s unless set. */
    public FakeDerivativesVenues bybitResetIn(long ms) {
        bybitResetInMs = ms;
        return this;
    }

    /** The reset timestamps Bybit's limit answers carried, in order. */
    public List<Long> bybitResets() {
        synchronized (bybitResets) {
            return List.copyOf(bybitResets);
        }
    }

    /** Every request, as "METHOD path?query body". */
    public List<String> requests() {
        return timedRequests().stream().map(Request::line).toList();
    }

    /** Every request with the time it arrived. */
    public List<Request> timedRequests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** The recorded answer {@code how}, or the venue's usual one, as this fake's answer. */
    private Answer limited(Limit usual, Map<String, String> headers) {
        Limit how = limit != null ? limit : usual;
        String body = how.recorded == null ? "" : RecordedErrors.get(how.recorded, how.status)
                .body();
        return new Answer(how.status, headers, body);
    }

    private static String base(String symbol) {
        return symbol.substring(0, symbol.indexOf('/'));
    }

    private record Answer(int status, Map<String, String> headers, String body) {}

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String raw = ex.getRequestURI().getRawQuery();
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(System.currentTimeMillis(), ex.getRequestMethod() + " " + path
                + (raw == null ? "" : "?" + raw) + (body.isEmpty() ? "" : " " + body)));
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
        // Not limited, the reset timestamp is the current time (Bybit's docs).
        long reset = System.currentTimeMillis() + (limited ? bybitResetInMs : 0);
        Map<String, String> limit = Map.of("X-Bapi-Limit", "600", "X-Bapi-Limit-Status",
                limited ? "0" : "599", "X-Bapi-Limit-Reset-Timestamp", Long.toString(reset));
        if (limited) {
            if (this.limit == Limit.BYBIT_10006_WITHOUT_RESET) {
                return limited(Limit.BYBIT_10006, Map.of());
            }
            bybitResets.add(reset);
            return limited(Limit.BYBIT_10006, limit);
        }
        if (path.equals("/v5/market/instruments-info")) {
            return new Answer(200, limit, bybitInstruments(q));
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
        NavigableMap<Long, FundingSettlement> all = fundingOf("bybit", symbol);
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

    /**
     * {@code /v5/market/instruments-info?category=linear}: the listed perpetuals, a USDC
     * perpetual, a dated future and one still to launch (the last three are no USDT perpetual),
     * {@link #instrumentsPageSize} a page.
     */
    private String bybitInstruments(Map<String, String> q) {
        List<String> rows = new ArrayList<>();
        for (String coin : listed()) {
            rows.add(bybitInstrument(VenueListings.perpetual("bybit", coin),
                    "LinearPerpetual", "Trading", VenueListings.base("bybit", coin), "USDT"));
        }
        rows.add(bybitInstrument("BTCPERP", "LinearPerpetual", "Trading", "BTC", "USDC"));
        rows.add(bybitInstrument("BTCUSDT-26DEC25", "LinearFutures", "Trading", "BTC", "USDT"));
        rows.add(bybitInstrument("NEWCOINUSDT", "LinearPerpetual", "PreLaunch", "NEWCOIN",
                "USDT"));
        int from = Integer.parseInt(q.getOrDefault("cursor", "0:").split(":")[0]);
        int size = Math.min(instrumentsPageSize, Integer.parseInt(q.getOrDefault("limit",
                "500")));
        int to = Math.min(rows.size(), from + size);
        String next = to < rows.size() ? to + ":" + Long.toHexString(System.nanoTime()) : "";
        return "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"category\":\"linear\",\"list\":["
                + String.join(",", rows.subList(from, to)) + "],\"nextPageCursor\":\"" + next
                + "\"},\"retExtInfo\":{},\"time\":" + System.currentTimeMillis() + "}";
    }

    private static String bybitInstrument(String symbol, String type, String status,
            String base, String quote) {
        return "{\"symbol\":\"" + symbol + "\",\"contractType\":\"" + type + "\",\"status\":\""
                + status + "\",\"baseCoin\":\"" + base + "\",\"quoteCoin\":\"" + quote
                + "\",\"launchTime\":\"1585526400000\",\"deliveryTime\":\"0\","
                + "\"deliveryFeeRate\":\"\",\"priceScale\":\"7\",\"leverageFilter\":"
                + "{\"minLeverage\":\"1\",\"maxLeverage\":\"25.00\",\"leverageStep\":\"0.01\"},"
                + "\"priceFilter\":{\"minPrice\":\"0.0000010\",\"maxPrice\":\"19.9999980\","
                + "\"tickSize\":\"0.0000010\"},\"lotSizeFilter\":{\"maxOrderQty\":\"100000000\","
                + "\"minOrderQty\":\"100\",\"qtyStep\":\"100\"},\"unifiedMarginTrade\":true,"
                + "\"fundingInterval\":480,\"settleCoin\":\"" + quote + "\"}";
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
            return limited(Limit.OKX_50011, Map.of());
        }
        if (path.equals("/api/v5/public/instruments")) {
            List<String> rows = new ArrayList<>();
            for (String coin : listed()) {
                rows.add(okxInstrument(coin, "USDT", "linear",
                        VenueListings.okxContractValue(coin).toPlainString(), coin));
            }
            // An inverse swap: its contracts are worth USD, not coins.
            rows.add(okxInstrument("BTC", "USD", "inverse", "100", "USD"));
            return new Answer(200, Map.of(), "{\"code\":\"0\",\"msg\":\"\",\"data\":["
                    + String.join(",", rows) + "]}");
        }
        if (!path.equals("/api/v5/public/funding-rate-history")) {
            return new Answer(404, Map.of(), "{\"msg\":\"Not Found\",\"code\":\"404\"}");
        }
        String inst = q.getOrDefault("instId", "");
        NavigableMap<Long, FundingSettlement> all = fundingOf("okx", inst);
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

    private static String okxInstrument(String coin, String quote, String type, String ctVal,
            String ctValCcy) {
        String family = coin + "-" + quote;
        return "{\"alias\":\"\",\"baseCcy\":\"\",\"category\":\"1\",\"ctMult\":\"1\","
                + "\"ctType\":\"" + type + "\",\"ctVal\":\"" + ctVal + "\",\"ctValCcy\":\""
                + ctValCcy + "\",\"expTime\":\"\",\"instFamily\":\"" + family + "\",\"instId\":\""
                + family + "-SWAP\",\"instType\":\"SWAP\",\"lever\":\"50\",\"listTime\":"
                + "\"1611916828000\",\"lotSz\":\"1\",\"maxMktSz\":\"10000\",\"minSz\":\"1\","
                + "\"optType\":\"\",\"quoteCcy\":\"\",\"settleCcy\":\""
                + (type.equals("inverse") ? coin : quote) + "\",\"state\":\"live\",\"stk\":\"\","
                + "\"tickSz\":\"0.0000001\",\"uly\":\"" + family + "\"}";
    }

    // Hyperliquid

    private Answer hyperliquid(String body, boolean limited) {
        if (regionRefused) {
            return new Answer(403, Map.of(), "{\"error\":\"Access from a restricted jurisdiction "
                    + "is not permitted\"}");
        }
        if (limited) {
            return limited(Limit.HYPERLIQUID_429, Map.of());
        }
        JsonNode req;
        try {
            req = JSON.readTree(body);
        } catch (IOException e) {
            req = null;
        }
        if (req != null && "meta".equals(req.path("type").asText())) {
            return new Answer(200, Map.of(), hyperliquidMeta());
        }
        if (req == null || !"fundingHistory".equals(req.path("type").asText())
                || !req.path("coin").isTextual() || !req.path("startTime").isIntegralNumber()) {
            return new Answer(422, Map.of(), "Failed to deserialize the JSON body into the "
                    + "target type");
        }
        String coin = req.get("coin").asText();
        NavigableMap<Long, FundingSettlement> all = fundingOf("hyperliquid", coin);
        if (all == null) {
            return new Answer(200, Map.of(), "null"); // what it answers for a coin it lacks
        }
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

    /**
     * {@code {"type":"meta"}}: the listed perpetuals in Hyperliquid's layout (numbers as
     * numbers), and one it no longer trades ({@code isDelisted}).
     */
    private String hyperliquidMeta() {
        List<String> universe = new ArrayList<>();
        int table = 50;
        for (String coin : listed()) {
            universe.add("{\"szDecimals\":" + (coin.equals("BTC") ? 5 : 0) + ",\"name\":\""
                    + VenueListings.perpetual("hyperliquid", coin) + "\",\"maxLeverage\":"
                    + (coin.equals("BTC") ? 40 : 10) + ",\"marginTableId\":" + table++ + "}");
        }
        universe.add("{\"szDecimals\":1,\"name\":\"OLDCOIN\",\"maxLeverage\":3,"
                + "\"marginTableId\":3,\"isDelisted\":true}");
        return "{\"universe\":[" + String.join(",", universe) + "],\"marginTables\":[],"
                + "\"collateralToken\":0}";
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
