package io.regimeflow.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;

/** The HTTP plumbing the REST fakes share: a loopback server, its queries and its answers. */
final class LoopbackHttp {

    private LoopbackHttp() {}

    /**
     * Starts {@code handler} on 127.0.0.1 at a free port. Its threads are daemons named
     * {@code threadName}, so a test that forgets to close the fake still ends.
     */
    static HttpServer start(String threadName, HttpHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", handler);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return server;
    }

    /** {@code http://127.0.0.1:<port>} of a started server. */
    static URI baseUrl(HttpServer server) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** A raw query string's parameters, decoded; empty for null. Parameters without '=' drop. */
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

    /**
     * Answers with {@code body} as UTF-8, its length declared, after the content type and
     * {@code headers}; the caller closes the exchange.
     *
     * @throws IOException when the client has gone
     */
    static void send(HttpExchange ex, int status, String contentType,
            Map<String, String> headers, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", contentType);
        headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
