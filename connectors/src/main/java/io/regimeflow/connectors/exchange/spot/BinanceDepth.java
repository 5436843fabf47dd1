package io.regimeflow.connectors.exchange.spot;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimeflow.connectors.exchange.http.ExchangeJson;
import io.regimeflow.connectors.exchange.http.ExchangeResponseException;
import io.regimeflow.model.MarketDataValidator;
import io.regimeflow.model.OrderBook;
import io.regimeflow.model.PriceLevel;
import org.apache.flink.annotation.Internal;

/**
 * Parses spot {@code GET /api/v3/depth}:
 * {@code {"lastUpdateId":1027024,"bids":[["4.00000000","431.00000000"]],"asks":[...]}}, bids best
 * first, asks best first. The answer carries no time: the book is stamped with the time it was
 * received.
 */
@Internal
public final class BinanceDepth {

    private BinanceDepth() {}

    public static OrderBook book(String body, String symbol, long receivedAt)
            throws ExchangeResponseException {
        ExchangeJson json = new ExchangeJson("depth of " + symbol);
        return book(json, json.parse(body), symbol, receivedAt);
    }

    /**
     * A parsed book: the REST answer, or the {@code data} of a partial book stream message
     * ({@code <symbol>@depth20@1000ms}), which has the same shape.
     */
    static OrderBook book(ExchangeJson json, JsonNode root, String symbol, long receivedAt)
            throws ExchangeResponseException {
        if (!root.isObject() || !root.path("bids").isArray() || !root.path("asks").isArray()) {
            throw json.malformed("expected an object with bids and asks", null);
        }
        OrderBook book = new OrderBook(symbol, receivedAt, levels(json, root.get("bids"), "bids"),
                levels(json, root.get("asks"), "asks"));
        String problem = MarketDataValidator.problem(book);
        if (problem != null) {
            throw json.malformed(problem, null);
        }
        return book;
    }

    private static PriceLevel[] levels(ExchangeJson json, JsonNode side, String name)
            throws ExchangeResponseException {
        PriceLevel[] out = new PriceLevel[side.size()];
        for (int i = 0; i < side.size(); i++) {
            JsonNode level = side.get(i);
            if (!level.isArray() || level.size() < 2 || !level.get(0).isTextual()
                    || !level.get(1).isTextual()) {
                throw json.malformed(name + "[" + i + "] is not a [price, qty] pair of strings",
                        null);
            }
            out[i] = new PriceLevel(json.decimal(level.get(0).asText(), name + " price"),
                    json.decimal(level.get(1).asText(), name + " qty"));
        }
        return out;
    }
}
