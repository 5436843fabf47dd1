package io.regimeflow.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.regimeflow.model.FundingSettlement;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

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

    private final PerpetualFunding funding = new PerpetualFunding();
    private final VenueRateLimits limits = new VenueRateLimits();
    private final BybitApi bybit = new BybitApi(funding, limits);
    private final OkxApi okx = new OkxApi(funding, limits);
    private final HyperliquidApi hyperliquid = new HyperliquidApi(funding, limits);
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean regionRefused;
    private final HttpServer server;

    public FakeDerivativesVenues() throws IOException {
        server = LoopbackHttp.start("fake-derivatives", this::handle);
    }

    public URI baseUrl() {
        return LoopbackHttp.baseUrl(server);
    }

    /** Puts funding settlements of the perpetual of {@code symbol} ({@code BASE/QUOTE}). */
    public FakeDerivativesVenues funding(String symbol, List<FundingSettlement> list) {
        funding.put(base(symbol), list);
        return this;
    }

    /** From now on no venue lists a perpetual of {@code symbol}'s coin. */
    public FakeDerivativesVenues unlist(String symbol) {
        funding.unlist(base(symbol));
        return this;
    }

    /** Bybit's instruments answer at most this many a page (it allows up to 1000). */
    public FakeDerivativesVenues instrumentsPageSize(int n) {
        bybit.instrumentsPageSize(n);
        return this;
    }

    /** From now on every venue refuses this region, each its own way. */
    public void refuseRegion() {
        regionRefused = true;
    }

    /** The next {@code n} requests are rate-limited, each venue its usual way. */
    public void rateLimitNext(int n) {
        rateLimitNext(n, null);
    }

    /** The next {@code n} requests are answered with {@code how} (null: the venue's usual). */
    public void rateLimitNext(int n, Limit how) {
        limits.limitNext(n, how);
    }

    /**
     * How far ahead Bybit's limit resets ({@code X-Bapi-Limit-Reset-Timestamp}), ms; 1 s unless
     * set.
     */
    public FakeDerivativesVenues bybitResetIn(long ms) {
        bybit.resetIn(ms);
        return this;
    }

    /** The reset timestamps Bybit's limit answers carried, in order. */
    public List<Long> bybitResets() {
        return bybit.resets();
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

    private static String base(String symbol) {
        return symbol.substring(0, symbol.indexOf('/'));
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String raw = ex.getRequestURI().getRawQuery();
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(System.currentTimeMillis(), ex.getRequestMethod() + " " + path
                + (raw == null ? "" : "?" + raw) + (body.isEmpty() ? "" : " " + body)));
        VenueAnswer a;
        try {
            a = answer(ex.getRequestMethod(), path, LoopbackHttp.query(raw), body);
        } catch (RuntimeException e) {
            a = new VenueAnswer(500, "internal error: " + e);
        }
        try {
            LoopbackHttp.send(ex, a.status(), a.body().startsWith("<") ? "text/html"
                    : a.body().startsWith("{") || a.body().startsWith("[")
                            ? "application/json; charset=utf-8" : "text/plain; charset=utf-8",
                    a.headers(), a.body());
        } finally {
            ex.close();
        }
    }

    /** Routes by path to the venue; every request counts against a rate limit asked for. */
    private VenueAnswer answer(String method, String path, Map<String, String> q, String body) {
        boolean limited = limits.take();
        if (path.startsWith("/v5/")) {
            return bybit.answer(path, q, limited, regionRefused);
        } else if (path.startsWith("/api/v5/")) {
            return okx.answer(path, q, limited, regionRefused);
        } else if (path.equals("/info") && method.equals("POST")) {
            return hyperliquid.answer(body, limited, regionRefused);
        }
        return new VenueAnswer(404, "Not Found");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
