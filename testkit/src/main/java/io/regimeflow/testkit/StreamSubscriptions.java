package io.regimeflow.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.regimeflow.testkit.FakeBinanceStream.Venue;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How a venue's websocket answers a client's text messages, for {@link FakeBinanceStream}:
 * Bybit's {@code subscribe} and {@code ping} ops, OKX's {@code subscribe} and text
 * {@code ping}, each with the venue's reply; subscriptions can be refused, all or by topic.
 * Binance's combined stream takes no messages.
 */
final class StreamSubscriptions {

    private final Venue venue;
    private final AtomicInteger keepAlives = new AtomicInteger();
    private final Set<String> refusedTopics = ConcurrentHashMap.newKeySet();
    private volatile boolean refuseAll;

    StreamSubscriptions(Venue venue) {
        this.venue = venue;
    }

    void refuseAll() {
        refuseAll = true;
    }

    void refuseTopic(String topic) {
        refusedTopics.add(topic);
    }

    /** Keep-alive messages received (Bybit's ping op, OKX's "ping"). */
    int keepAlives() {
        return keepAlives.get();
    }

    /**
     * The reply to {@code text}, null for none; a subscription taken is added to
     * {@code streams}.
     */
    String reply(String text, Set<String> streams) {
        if (venue == Venue.OKX && text.equals("ping")) {
            keepAlives.incrementAndGet();
            return "pong";
        }
        JsonNode m;
        try {
            m = new ObjectMapper().readTree(text);
        } catch (IOException e) {
            return null;
        }
        String op = m.path("op").asText();
        if (venue == Venue.BYBIT && op.equals("ping")) {
            keepAlives.incrementAndGet();
            return "{\"success\":true,\"ret_msg\":\"pong\",\"conn_id\":\"fake-1\","
                    + "\"op\":\"ping\"}";
        } else if (venue == Venue.BYBIT && op.equals("subscribe")
                && (refuseAll || refused(m.path("args")) != null)) {
            String topic = refuseAll ? m.path("args").path(0).asText()
                    : refused(m.path("args"));
            return "{\"success\":false,\"ret_msg\":\"error:handler not found,topic:"
                    + topic + "\",\"conn_id\":\"fake-1\",\"op\":\"subscribe\"}";
        } else if (venue == Venue.BYBIT && op.equals("subscribe")) {
            m.path("args").forEach(a -> streams.add(a.asText()));
            return "{\"success\":true,\"ret_msg\":\"\",\"conn_id\":\"fake-1\",\"op\":"
                    + "\"subscribe\"}";
        } else if (venue == Venue.OKX && op.equals("subscribe") && refuseAll) {
            return "{\"event\":\"error\",\"code\":\"60018\",\"msg\":\"Wrong URL or "
                    + "channel\",\"connId\":\"a4d3ae55\"}";
        } else if (venue == Venue.OKX && op.equals("subscribe")) {
            m.path("args").forEach(a -> streams.add(a.path("channel").asText() + ":"
                    + a.path("instType").asText()));
            return "{\"event\":\"subscribe\",\"arg\":" + m.path("args").path(0)
                    + ",\"connId\":\"a4d3ae55\"}";
        }
        return null;
    }

    /** The first refused topic among a request's {@code args}, or null. */
    private String refused(JsonNode args) {
        for (JsonNode a : args) {
            if (refusedTopics.contains(a.asText())) {
                return a.asText();
            }
        }
        return null;
    }
}
