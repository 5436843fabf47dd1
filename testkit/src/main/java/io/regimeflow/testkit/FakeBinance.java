package io.regimeflow.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.regimeflow.model.Candle;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A fake Binance REST host on 127.0.0.1 that answers as Binance does: JSON bodies in its layout,
 * the {@code X-MBX-USED-WEIGHT-1M} header, its error bodies and status codes. Tests script the
 * answers per path, including faults (429 with Retry-After, 418, 500, a hanging response, a
 * truncated body). Unscripted paths answer Binance's 404.
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

    private final HttpServer server;
    private final Map<String, Deque<Answer>> scripts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    public FakeBinance() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
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

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        Deque<Answer> queue = scripts.get(path);
        Answer a;
        synchronized (this) {
            a = queue == null || queue.isEmpty() ? null
                    : queue.size() > 1 ? queue.poll() : queue.peek();
        }
        if (a == null) {
            a = new Answer(404, Map.of(), "<html><body><h2>404 Not found</h2></body></html>", 0);
        }
        try {
            if (a.delayMs() > 0) {
                Thread.sleep(a.delayMs());
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
