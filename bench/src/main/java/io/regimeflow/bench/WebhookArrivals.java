package io.regimeflow.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.regimeflow.model.MarketEvent;
import io.regimeflow.model.MarketJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A webhook receiver on loopback (port 0) for the signed-JSON target kind: notes the instant
 * each POST arrives ({@link System#nanoTime}, ns, taken as its handling starts: request line
 * and headers read) and the event its body carries, and answers 200 at once. Not testkit's
 * FakeWebhookReceiver: the bench does not depend on testkit (Kafka, PostgreSQL, test scope),
 * and that one keeps no arrival times.
 */
final class WebhookArrivals implements AutoCloseable {

    /** One POST: the event it carried and when it arrived (ns). */
    record Arrival(MarketEvent event, long nanos) {}

    private final HttpServer server;
    private final List<Arrival> arrivals = new ArrayList<>();
    private int malformed;

    WebhookArrivals() throws IOException {
        // Without TCP_NODELAY the JDK server's answer waits for the sender's delayed ACK (about
        // 40 ms on Linux) whenever it is written in two parts: the next delivery of the lane
        // would wait for that, a delay of this receiver's, not of the job's.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // The default executor is the server's one dispatching thread: the sink's lane posts
        // one delivery at a time, so nothing waits behind another request here.
        server.createContext("/alerts", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/alerts");
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // 200 with no body: the whole answer is one write.
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
        MarketEvent event;
        try {
            event = MarketJson.read(body, MarketEvent.class);
        } catch (RuntimeException e) {
            synchronized (this) {
                malformed++;
            }
            return;
        }
        synchronized (this) {
            arrivals.add(new Arrival(event, arrived));
        }
    }

    synchronized List<Arrival> arrivals() {
        return List.copyOf(arrivals);
    }

    /** POSTs whose body was not an event in the signed-JSON form. */
    synchronized int malformed() {
        return malformed;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
