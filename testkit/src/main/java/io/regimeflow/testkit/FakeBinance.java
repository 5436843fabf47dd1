package io.regimeflow.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.regimeflow.model.Candle;
import io.regimeflow.model.FundingSettlement;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A fake Binance REST host on 127.0.0.1 that answers as Binance.US spot and Binance USD-M futures
 * do: JSON bodies in their layout, the {@code X-MBX-USED-WEIGHT-1M} header counted per minute
 * with Binance's request weights, their real error bodies (recorded: {@link RecordedErrors}) and
 * status codes, the {@code Date} header. It holds a market ({@link #candles}, {@link #funding})
 * and serves {@code /api/v3/klines}, {@code /api/v3/depth}, {@code /fapi/v1/fundingRate},
 * {@code /api/v3/exchangeInfo} and {@code /fapi/v1/exchangeInfo} (the perpetuals: those of
 * {@link VenueListings#COINS} and of every symbol with funding here, 1000x ones named as USD-M
 * names them, {@code 1000SHIBUSDT}) from it with Binance's parameter semantics ({@code startTime},
 * {@code endTime}, {@code limit}); the minute still trading is answered too, as Binance does.
 * Tests can {@link #inject} faults into the next answers of a path, or of the requests of a path
 * a predicate picks (429 with Retry-After, 418, 500, a firewall's 403, any recorded answer, a
 * hanging answer, a truncated body, duplicated and shuffled rows, a missing range), make every
 * answer slow ({@link #latency(long, long)}) or
 * {@link #script} whole answers. Unknown paths answer Binance's 404.
 */
public final class FakeBinance implements AutoCloseable {

    /** One scripted answer. */
    public record Answer(int status, Map<String, String> headers, String body, long delayMs) {
        public static Answer ok(String body, int usedWeight) {
            return new Answer(200, Map.of("X-MBX-USED-WEIGHT-1M", Integer.toString(usedWeight)),
                    body, 0);
        }

        public static Answer error(int status, int code, String msg, Map<String, String> headers) {
            return new Answer(status, headers, "{\"code\":" + code + ",\"msg\":\"" + msg + "\"}",
                    0);
        }
    }

    /** A fault for the next answer of a path. */
    public sealed interface Fault {}

    /** A real answer recorded from the exchange ({@link RecordedErrors}), with these headers. */
    public record Recorded(RecordedErrors.Recorded answer, Map<String, String> headers)
            implements Fault {
        public Recorded(String id) {
            this(RecordedErrors.get(id), Map.of());
        }
    }

    /** Nothing for this long, then the normal answer (a client with a shorter timeout gives up). */
    public record Hang(long ms) implements Fault {}

    /** The normal answer cut in the middle. */
    public record Truncated() implements Fault {}

    /** The normal rows, each twice, in reverse order. */
    public record DuplicatedAndShuffled() implements Fault {}

    /** The normal answer without the candles whose open time is in [from, to). */
    public record MissingRange(long from, long to) implements Fault {}

    /** Faults for the requests {@code when} accepts. */
    private record Targeted(Predicate<Map<String, String>> when, Deque<Fault> faults) {}

    /** Binance's real 429 (code -1003), with {@code Retry-After}. */
    public static Recorded rateLimited(int retryAfterSeconds) {
        return new Recorded(RecordedErrors.get("binance-429-1003-2019"),
                Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }

    /** Binance's real 418 (IP banned, code -1003), with {@code Retry-After}. */
    public static Recorded banned(int retryAfterSeconds) {
        return new Recorded(RecordedErrors.get("binance-418-ip-ban-2018"),
                Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }

    /** CloudFront's real "Request blocked." page in front of Binance (its firewall), a 403. */
    public static Recorded firewallBlocked() {
        return new Recorded("binance-403-cloudfront-request-blocked-2018");
    }

    /** Binance's real -1000 body ("occured", as its 2018 servers spelt it), answered as a 500. */
    public static Recorded serverError() {
        return new Recorded(RecordedErrors.get("binance-1000-unknown-2018-typo", 500), Map.of());
    }

    private static final long MINUTE = 60_000L;
    private static final Map<String, Integer> WEIGHTS = Map.of("/api/v3/klines", 2,
            "/api/v3/depth", 5, "/fapi/v1/fundingRate", 1, "/api/v3/exchangeInfo", 20,
            "/fapi/v1/exchangeInfo", 1);
    private static final String VENUE = "binance-usdm";

    private static final Set<String> DATA_PATHS = Set.of("/api/v3/klines",
            "/api/v3/depth", "/fapi/v1/fundingRate");

    private final HttpServer server;
    private final Map<String, Deque<Answer>> scripts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
    /** Faults for the answers of a path to the requests a predicate accepts, in order given. */
    private final Map<String, List<Targeted>> targeted = new ConcurrentHashMap<>();
    private final Map<String, NavigableMap<Long, Candle>> candles = new ConcurrentHashMap<>();
    private final Map<String, NavigableMap<Long, FundingSettlement>> funding =
            new ConcurrentHashMap<>();
    private final Map<Long, AtomicInteger> weightByMinute = new ConcurrentHashMap<>();
    private final List<String> requests = Collections.synchronizedList(
            new ArrayList<>());
    private volatile long publishedUntil = Long.MAX_VALUE;
    private volatile int weightLimit = 1200;
    private volatile long latencyMs;
    private volatile long latencySpreadMs;
    /** Seeded: the same latencies in the same order at every run. */
    private final Random latencies = new Random(20260201L);
    private final Map<String, String> statuses = new ConcurrentHashMap<>();
    /** Coins whose perpetual is not listed ({@link #unlist}). */
    private final Set<String> unlisted = ConcurrentHashMap.newKeySet();

    public FakeBinance() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-binance");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Queues answers for {@code path}; the last one repeats once the others are used. */
    public FakeBinance script(String path, Answer... answers) {
        scripts.computeIfAbsent(path, p -> new ArrayDeque<>()).addAll(List.of(answers));
        return this;
    }

    public int hits(String path) {
        return hits.getOrDefault(path, new AtomicInteger()).get();
    }

    /** Puts 1m candles of {@code symbol} ({@code BASE/QUOTE}) on the exchange. */
    public FakeBinance candles(String symbol, List<Candle> list) {
        NavigableMap<Long, Candle> m = candles.computeIfAbsent(exchangeSymbol(symbol),
                k -> new ConcurrentSkipListMap<>());
        list.forEach(c -> m.put(c.openTime(), c));
        return this;
    }

    /**
     * Puts funding settlements of the perpetual of {@code symbol} on the exchange: SHIB/USDT's
     * are those of {@code 1000SHIBUSDT}, as on USD-M.
     */
    public FakeBinance funding(String symbol, List<FundingSettlement> list) {
        NavigableMap<Long, FundingSettlement> m = funding.computeIfAbsent(perpetual(symbol),
                k -> new ConcurrentSkipListMap<>());
        list.forEach(f -> m.put(f.fundingTime(), f));
        return this;
    }

    /** The USD-M perpetual of {@code symbol}: {@code 1000SHIBUSDT} for SHIB/USDT. */
    public static String perpetual(String symbol) {
        String base = symbol.substring(0, symbol.indexOf('/'));
        return symbol.endsWith("/USDT") ? VenueListings.perpetual(VENUE, base)
                : exchangeSymbol(symbol);
    }

    /** From now on the perpetual of {@code symbol}'s coin is not in the futures list. */
    public FakeBinance unlist(String symbol) {
        unlisted.add(symbol.substring(0, symbol.indexOf('/')));
        return this;
    }

    /**
     * Publishes candles opening before {@code openTime} only, as an exchange whose data lags; the
     * rest appear as the test moves this on. (The minute the real clock is in is always answered
     * as still trading, with only its first trade.)
     */
    public void publishUntil(long openTime) {
        publishedUntil = openTime;
    }

    /**
     * Sets a symbol's status in the exchange information ({@code TRADING} unless set; Binance
     * also answers {@code BREAK}, {@code HALT}, ...). Its klines are still served.
     */
    public FakeBinance status(String symbol, String status) {
        statuses.put(exchangeSymbol(symbol), status);
        return this;
    }

    /** Faults for the next answers of {@code path}, one per request, in order. */
    public FakeBinance inject(String path, Fault... list) {
        faults.computeIfAbsent(path, p -> new ArrayDeque<>()).addAll(List.of(list));
        return this;
    }

    /**
     * Faults for the next answers of {@code path} to the requests {@code when} accepts (it is
     * given their query parameters), one per such request, in order; other requests are answered
     * as before. Taken before the faults of {@link #inject(String, Fault...)}.
     */
    public FakeBinance inject(String path, Predicate<Map<String, String>> when, Fault... list) {
        synchronized (this) {
            targeted.computeIfAbsent(path, p -> new ArrayList<>())
                    .add(new Targeted(when, new ArrayDeque<>(List.of(list))));
        }
        return this;
    }

    /**
     * The kline requests of {@code symbol} ({@code BASE/QUOTE}) whose answer would hold a minute
     * of [{@code from}, {@code to}): they ask from no later than its last minute, to no earlier
     * than its first, and their {@code limit} reaches it.
     */
    public static Predicate<Map<String, String>> klinesCovering(String symbol, long from,
            long to) {
        String s = exchangeSymbol(symbol);
        return q -> {
            if (!s.equals(q.get("symbol"))) {
                return false;
            }
            long start = Long.parseLong(q.getOrDefault("startTime", "0"));
            long end = Long.parseLong(q.getOrDefault("endTime", Long.toString(Long.MAX_VALUE)));
            int limit = Math.min(1000, Integer.parseInt(q.getOrDefault("limit", "500")));
            long lastServed = Math.min(end, start + (long) limit * MINUTE - 1);
            return start < to && lastServed >= from;
        };
    }

    /** The requests of {@code symbol} ({@code BASE/QUOTE}, or its perpetual's: the same name). */
    public static Predicate<Map<String, String>> of(String symbol) {
        String s = exchangeSymbol(symbol);
        return q -> s.equals(q.get("symbol"));
    }

    /** Faults not yet used on {@code path}, targeted ones included. */
    public synchronized int pendingFaults(String path) {
        Deque<Fault> q = faults.get(path);
        int n = q == null ? 0 : q.size();
        for (Targeted t : targeted.getOrDefault(path, List.of())) {
            n += t.faults().size();
        }
        return n;
    }

    /** Every answer from now on takes this long (a distant or busy exchange). */
    public FakeBinance latency(long ms) {
        return latency(ms, ms);
    }

    /**
     * Every answer from now on takes from {@code minMs} to {@code maxMs}, uniformly at random
     * per request (a seeded random: the same sequence at every run).
     */
    public FakeBinance latency(long minMs, long maxMs) {
        if (minMs < 0 || maxMs < minMs) {
            throw new IllegalArgumentException("latency from " + minMs + " to " + maxMs + " ms");
        }
        latencyMs = minMs;
        latencySpreadMs = maxMs - minMs;
        return this;
    }

    private long nextLatency() {
        long spread = latencySpreadMs;
        return latencyMs + (spread == 0 ? 0 : (long) (latencies.nextDouble() * (spread + 1)));
    }

    /** The IP's weight limit per minute: above it, Binance answers 429. */
    public void weightLimit(int limit) {
        weightLimit = limit;
    }

    /** The highest weight used in any minute so far. */
    public int maxWeightPerMinute() {
        return weightByMinute.values().stream().mapToInt(AtomicInteger::get).max().orElse(0);
    }

    /** Every request received, as "epochMillis path?query". */
    public List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    private static String exchangeSymbol(String symbol) {
        return symbol.replace("/", "");
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        requests.add(System.currentTimeMillis() + " " + path + (ex.getRequestURI().getRawQuery(
                ) == null ? ""
                : "?" + ex.getRequestURI().getRawQuery()));
        Deque<Answer> queue = scripts.get(path);
        Answer a;
        synchronized (this) {
            a = queue == null || queue.isEmpty() ? null
                    : queue.size() > 1 ? queue.poll() : queue.peek();
        }
        if (a == null) {
            a = market(path, query(ex.getRequestURI().getRawQuery()));
        }
        try {
            long delay = a.delayMs() + nextLatency();
            if (delay > 0) {
                Thread.sleep(delay);
            }
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", a.body().startsWith("<")
                    ? "text/html" : "application/json;charset=UTF-8");
            a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            ex.sendResponseHeaders(a.status(), body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientGone) {
            // The client timed out first: as with the real host, nothing more to do.
        } finally {
            ex.close();
        }
    }

    /** An answer from the market held, with the next fault of the path applied. */
    private Answer market(String path, Map<String, String> q) {
        int weight = WEIGHTS.getOrDefault(path, 1);
        long minute = System.currentTimeMillis() / MINUTE;
        int used = weightByMinute.computeIfAbsent(minute, m -> new AtomicInteger())
                .addAndGet(weight);
        Map<String, String> weightHeader = Map.of("X-MBX-USED-WEIGHT-1M", Integer.toString(used));
        if (DATA_PATHS.contains(path) && !(path.equals("/fapi/v1/fundingRate")
                ? funding : candles).containsKey(String.valueOf(q.get("symbol")))) {
            // An unknown symbol is refused before any fault: the faults are for the market.
            return Answer.error(400, -1121, "Invalid symbol.", weightHeader);
        }
        Fault fault = null;
        synchronized (this) {
            for (Targeted t : targeted.getOrDefault(path, List.of())) {
                if (!t.faults().isEmpty() && t.when().test(q)) {
                    fault = t.faults().poll();
                    break;
                }
            }
            if (fault == null) {
                Deque<Fault> fq = faults.get(path);
                fault = fq == null ? null : fq.poll();
            }
        }
        if (fault instanceof Recorded r) {
            Map<String, String> headers = new HashMap<>(r.headers());
            headers.putAll(weightHeader);
            return new Answer(r.answer().status(), headers, r.answer().body(), 0);
        }
        if (used > weightLimit) {
            Recorded limit = rateLimited(1);
            Map<String, String> headers = new HashMap<>(limit.headers());
            headers.putAll(weightHeader);
            return new Answer(limit.answer().status(), headers, limit.answer().body(), 0);
        }
        String body;
        switch (path) {
            case "/api/v3/klines", "/api/v3/depth", "/fapi/v1/fundingRate" -> {
                String symbol = q.get("symbol");
                NavigableMap<Long, ?> known = path.equals("/fapi/v1/fundingRate")
                        ? funding.get(symbol) : candles.get(symbol);
                if (symbol == null || known == null) {
                    RecordedErrors.Recorded invalid = RecordedErrors.get(
                            "binance-1121-invalid-symbol");
                    return new Answer(invalid.status(), weightHeader, invalid.body(), 0);
                }
                body = switch (path) {
                    case "/api/v3/klines" -> klines(candles.get(symbol), q, fault);
                    case "/api/v3/depth" -> depth(candles.get(symbol), q);
                    default -> fundingJson(symbol, funding.get(symbol), q, fault);
                };
            }
            case "/api/v3/exchangeInfo" -> body = exchangeInfo();
            case "/fapi/v1/exchangeInfo" -> body = futuresExchangeInfo();
            default -> {
                return new Answer(404, Map.of(), "<html><body><h2>404 Not found</h2></body></html>",
                        0);
            }
        }
        if (fault instanceof Truncated) {
            body = body.substring(0, body.length() / 2);
        }
        return new Answer(200, weightHeader, body, fault instanceof Hang h ? h.ms() : 0);
    }

    private String klines(NavigableMap<Long, Candle> all, Map<String, String> q, Fault fault) {
        long start = Long.parseLong(q.getOrDefault("startTime", "0"));
        long end = Long.parseLong(q.getOrDefault("endTime", Long.toString(Long.MAX_VALUE)));
        int limit = Math.min(1000, Integer.parseInt(q.getOrDefault("limit", "500")));
        List<Candle> rows = new ArrayList<>();
        long until = publishedUntil;
        for (Candle c : all.subMap(start, true, end, true).values()) {
            if (rows.size() == limit || c.openTime() >= until) {
                break;
            }
            if (fault instanceof MissingRange m && c.openTime() >= m.from() && c.openTime() < m.to(
                    )) {
                continue;
            }
            if (c.closeTime() >= System.currentTimeMillis()) {
                // The minute still trading: so far only its first trades, as Binance answers it.
                rows.add(new Candle(c.symbol(), c.openTime(), c.open(), c.open(), c.open(),
                        c.open(), c.volume().divide(BigDecimal.TEN), c.quoteVolume()
                                .divide(BigDecimal.TEN), 1, BigDecimal.ZERO, BigDecimal.ZERO));
                break;
            }
            rows.add(c);
        }
        if (fault instanceof DuplicatedAndShuffled) {
            List<Candle> doubled = new ArrayList<>();
            for (int i = rows.size() - 1; i >= 0; i--) {
                doubled.add(rows.get(i));
                doubled.add(rows.get(i));
            }
            rows = doubled;
        }
        return klinesJson(rows);
    }

    /**
     * {@code GET /api/v3/exchangeInfo} in Binance's layout (shortened: one filter per symbol):
     * every symbol with candles here, with its status.
     */
    private String exchangeInfo() {
        StringBuilder symbols = new StringBuilder();
        for (String s : new TreeSet<>(candles.keySet())) {
            String quote = s.endsWith("USDT") ? "USDT" : s.substring(s.length() - 3);
            symbols.append(symbols.length() == 0 ? "" : ",").append("{\"symbol\":\"").append(s)
                    .append("\",\"status\":\"").append(statuses.getOrDefault(s, "TRADING"))
                    .append("\",\"baseAsset\":\"").append(s, 0, s.length() - quote.length())
                    .append("\",\"baseAssetPrecision\":8,\"quoteAsset\":\"").append(quote)
                    .append("\",\"quotePrecision\":8,\"quoteAssetPrecision\":8,"
                            + "\"orderTypes\":[\"LIMIT\",\"MARKET\"],\"icebergAllowed\":true,"
                            + "\"isSpotTradingAllowed\":true,\"isMarginTradingAllowed\":false,"
                            + "\"filters\":[{\"filterType\":\"PRICE_FILTER\",\"minPrice\":"
                            + "\"0.00010000\",\"maxPrice\":\"100000.00000000\",\"tickSize\":"
                            + "\"0.00010000\"}],\"permissions\":[\"SPOT\"]}");
        }
        return "{\"timezone\":\"UTC\",\"serverTime\":" + System.currentTimeMillis()
                + ",\"rateLimits\":[{\"rateLimitType\":\"REQUEST_WEIGHT\",\"interval\":"
                + "\"MINUTE\",\"intervalNum\":1,\"limit\":1200}],\"exchangeFilters\":[],"
                + "\"symbols\":[" + symbols + "]}";
    }

    /**
     * {@code GET /fapi/v1/exchangeInfo} in USD-M's layout (shortened: no filters): a perpetual
     * of each listed coin, and a quarterly contract of BTC, which is no perpetual.
     */
    private String futuresExchangeInfo() {
        Set<String> names = new TreeSet<>(funding.keySet());
        VenueListings.COINS.forEach(c -> names.add(VenueListings.perpetual(VENUE, c)));
        StringBuilder symbols = new StringBuilder();
        for (String name : names) {
            String base = name.endsWith("USDT") ? name.substring(0, name.length() - 4) : name;
            if (unlisted.contains(base) || unlisted.contains(base.replaceFirst("^1000", ""))) {
                continue;
            }
            symbols.append(futuresSymbol(name, "PERPETUAL", base)).append(',');
        }
        symbols.append(futuresSymbol("BTCUSDT_260925", "CURRENT_QUARTER", "BTC"));
        return "{\"timezone\":\"UTC\",\"serverTime\":" + System.currentTimeMillis()
                + ",\"futuresType\":\"U_MARGINED\",\"rateLimits\":[{\"rateLimitType\":"
                + "\"REQUEST_WEIGHT\",\"interval\":\"MINUTE\",\"intervalNum\":1,\"limit\":2400}],"
                + "\"exchangeFilters\":[],\"assets\":[{\"asset\":\"USDT\",\"marginAvailable\":true,"
                + "\"autoAssetExchange\":\"-10000\"}],\"symbols\":[" + symbols + "]}";
    }

    private static String futuresSymbol(String name, String contractType, String base) {
        return "{\"symbol\":\"" + name + "\",\"pair\":\"" + name.replaceFirst("_.*", "")
                + "\",\"contractType\":\"" + contractType + "\",\"deliveryDate\":"
                + (contractType.equals("PERPETUAL") ? "4133404800000" : "1790323200000")
                + ",\"onboardDate\":1569398400000,\"status\":\"TRADING\","
                + "\"maintMarginPercent\":\"2.5000\",\"requiredMarginPercent\":\"5.0000\","
                + "\"baseAsset\":\"" + base + "\",\"quoteAsset\":\"USDT\",\"marginAsset\":\"USDT\","
                + "\"pricePrecision\":7,\"quantityPrecision\":0,\"baseAssetPrecision\":8,"
                + "\"quotePrecision\":8,\"underlyingType\":\"COIN\",\"underlyingSubType\":[],"
                + "\"settlePlan\":0,\"triggerProtect\":\"0.0500\",\"filters\":[],"
                + "\"orderTypes\":[\"LIMIT\",\"MARKET\"],\"timeInForce\":[\"GTC\",\"IOC\"]}";
    }

    private String depth(NavigableMap<Long, Candle> all, Map<String, String> q) {
        int limit = Math.min(5000, Integer.parseInt(q.getOrDefault("limit", "100")));
        Map.Entry<Long, Candle> last = all.lowerEntry(publishedUntil);
        BigDecimal mid = last == null ? BigDecimal.ONE : last.getValue().close();
        StringBuilder bids = new StringBuilder();
        StringBuilder asks = new StringBuilder();
        for (int i = 1; i <= limit; i++) {
            BigDecimal step = mid.multiply(new BigDecimal("0.0005")).multiply(BigDecimal.valueOf(
                    i));
            String qty = "\"" + new BigDecimal(i).multiply(new BigDecimal("0.12345678"))
                    .toPlainString() + "\"";
            bids.append(i > 1 ? "," : "").append("[\"").append(mid.subtract(step)
                    .setScale(8, RoundingMode.HALF_UP).toPlainString()).append("\",")
                    .append(qty).append("]");
            asks.append(i > 1 ? "," : "").append("[\"").append(mid.add(step)
                    .setScale(8, RoundingMode.HALF_UP).toPlainString()).append("\",")
                    .append(qty).append("]");
        }
        return "{\"lastUpdateId\":" + (1_027_024 + hits("/api/v3/depth")) + ",\"bids\":[" + bids
                + "],\"asks\":[" + asks + "]}";
    }

    private String fundingJson(String perpetual, NavigableMap<Long, FundingSettlement> all,
            Map<String, String> q, Fault fault) {
        long start = Long.parseLong(q.getOrDefault("startTime", "0"));
        long end = Long.parseLong(q.getOrDefault("endTime", Long.toString(Long.MAX_VALUE)));
        int limit = Math.min(1000, Integer.parseInt(q.getOrDefault("limit", "100")));
        long now = System.currentTimeMillis();
        List<String> rows = new ArrayList<>();
        for (FundingSettlement f : all.subMap(start, true, end, true).values()) {
            if (rows.size() == limit || f.fundingTime() > now) {
                break;
            }
            rows.add("{\"symbol\":\"" + perpetual + "\",\"fundingTime\":" + f.fundingTime()
                    + ",\"fundingRate\":\"" + f.fundingRate().toPlainString()
                    + "\",\"markPrice\":\"" + (f.markPrice() == null ? ""
                            : f.markPrice().toPlainString()) + "\"}");
        }
        if (fault instanceof DuplicatedAndShuffled) {
            List<String> doubled = new ArrayList<>();
            for (int i = rows.size() - 1; i >= 0; i--) {
                doubled.add(rows.get(i));
                doubled.add(rows.get(i));
            }
            rows = doubled;
        }
        return "[" + String.join(",", rows) + "]";
    }

    static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int i = kv.indexOf('=');
                if (i > 0) {
                    q.put(URLDecoder.decode(kv.substring(0, i), StandardCharsets.UTF_8),
                            URLDecoder.decode(kv.substring(i + 1),
                                    StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }

    /** Binance's kline layout for 1m candles: numbers as strings, times as numbers. */
    public static String klinesJson(List<Candle> candles) {
        return candles.stream().map(c -> "[" + c.openTime() + "," + s(c.open()) + ","
                + s(c.high()) + "," + s(c.low()) + "," + s(c.close()) + "," + s(c.volume()) + ","
                + c.closeTime() + "," + s(c.quoteVolume()) + "," + c.trades() + ","
                + s(c.takerBuyBase()) + "," + s(c.takerBuyQuote()) + ",\"0\"]")
                .collect(Collectors.joining(",", "[", "]"));
    }

    private static String s(BigDecimal v) {
        return "\"" + v.toPlainString() + "\"";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
