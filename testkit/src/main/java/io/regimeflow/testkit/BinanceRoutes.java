package io.regimeflow.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.regimeflow.testkit.FakeBinance.Answer;
import io.regimeflow.testkit.FakeBinance.Fault;
import io.regimeflow.testkit.FakeBinance.Hang;
import io.regimeflow.testkit.FakeBinance.Recorded;
import io.regimeflow.testkit.FakeBinance.Truncated;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How {@link FakeBinance} answers a request: it counts and records it, answers with a scripted
 * answer if the path has one, else from the market and listings after charging its weight and
 * applying the path's next fault, then waits the latency and sends it.
 */
final class BinanceRoutes implements HttpHandler {

    private static final Set<String> DATA_PATHS = Set.of(BinanceMarket.KLINES,
            BinanceMarket.DEPTH, BinanceMarket.FUNDING);

    private final BinanceMarket market;
    private final BinanceListings listings;
    private final BinanceTickers tickers;
    private final BinanceFaultSchedule faults;
    private final BinanceWeights weights;
    private final AnswerLatency latency;
    private final Map<String, Deque<Answer>> scripts = new HashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

    BinanceRoutes(BinanceMarket market, BinanceListings listings, BinanceTickers tickers,
            BinanceFaultSchedule faults, BinanceWeights weights, AnswerLatency latency) {
        this.market = market;
        this.listings = listings;
        this.tickers = tickers;
        this.faults = faults;
        this.weights = weights;
        this.latency = latency;
    }

    /** Queues answers for {@code path}; the last one repeats once the others are used. */
    synchronized void script(String path, List<Answer> answers) {
        scripts.computeIfAbsent(path, p -> new ArrayDeque<>()).addAll(answers);
    }

    private synchronized Answer scripted(String path) {
        Deque<Answer> queue = scripts.get(path);
        return queue == null || queue.isEmpty() ? null
                : queue.size() > 1 ? queue.poll() : queue.peek();
    }

    int hits(String path) {
        return hits.getOrDefault(path, new AtomicInteger()).get();
    }

    /** Every request received, as "epochMillis path?query". */
    List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    @Override
    public void handle(HttpExchange ex) {
        String path = ex.getRequestURI().getPath();
        String raw = ex.getRequestURI().getRawQuery();
        hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        requests.add(System.currentTimeMillis() + " " + path + (raw == null ? "" : "?" + raw));
        Answer a = scripted(path);
        if (a == null) {
            a = market(path, LoopbackHttp.query(raw));
        }
        try {
            long delay = a.delayMs() + latency.next();
            if (delay > 0) {
                Thread.sleep(delay);
            }
            LoopbackHttp.send(ex, a.status(), a.body().startsWith("<") ? "text/html"
                    : "application/json;charset=UTF-8", a.headers(), a.body());
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
        int used = weights.charge(path);
        Map<String, String> weightHeader = BinanceWeights.header(used);
        boolean data = DATA_PATHS.contains(path);
        if (data && !market.has(path, q.get("symbol"))) {
            // An unknown symbol is refused before any fault: the faults are for the market.
            return Answer.error(400, -1121, "Invalid symbol.", weightHeader);
        }
        Fault fault = faults.next(path, q);
        if (fault instanceof Recorded r) {
            return withWeight(r, weightHeader);
        }
        if (weights.over(used)) {
            return withWeight(FakeBinance.rateLimited(1), weightHeader);
        }
        String body;
        if (data) {
            body = market.page(path, q, fault, 1_027_024 + hits(BinanceMarket.DEPTH));
        } else if (path.equals(BinanceListings.SPOT)) {
            body = listings.spot(listings.listed(market.spotSymbols()));
        } else if (path.equals(BinanceTickers.PATH)) {
            body = tickers.all(listings.listed(market.spotSymbols()));
        } else if (path.equals(BinanceListings.FUTURES)) {
            body = listings.futures(market.perpetuals());
        } else {
            return new Answer(404, Map.of(), "<html><body><h2>404 Not found</h2></body></html>",
                    0);
        }
        if (fault instanceof Truncated) {
            body = body.substring(0, body.length() / 2);
        }
        return new Answer(200, weightHeader, body, fault instanceof Hang h ? h.ms() : 0);
    }

    private static Answer withWeight(Recorded r, Map<String, String> weightHeader) {
        Map<String, String> headers = new HashMap<>(r.headers());
        headers.putAll(weightHeader);
        return new Answer(r.answer().status(), headers, r.answer().body(), 0);
    }
}
