package io.regimeflow.connectors.exchange.derivatives;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimeflow.connectors.exchange.http.ExchangeJson;
import io.regimeflow.connectors.exchange.http.ExchangeResponseException;
import io.regimeflow.model.Liquidation;
import io.regimeflow.model.OrderSide;
import java.math.BigDecimal;
import java.util.Map;
import org.apache.flink.annotation.Internal;

/**
 * Parses a USD-M futures {@code <symbol>@forceOrder} message from a combined stream:
 * {@code {"stream":"btcusdt@forceOrder","data":{"e":"forceOrder","E":1568014460893,"o":{"s":
 * "BTCUSDT","S":"SELL","o":"LIMIT","f":"IOC","q":"0.014","p":"9910","ap":"9910","X":"FILLED",
 * "l":"0.014","z":"0.014","T":1568014460893}}}}. The quantity is the filled one ({@code z}), the
 * time the trade time ({@code T}); Binance's side convention is the model's (SELL liquidates a
 * long).
 */
@Internal
public final class BinanceForceOrder {

    private BinanceForceOrder() {}

    /**
     * The liquidation in a message, or null for a message that is not a force order (the answer to
     * a subscription, for instance).
     *
     * @param symbols the configured symbols by perpetual ({@code BTCUSDT} to {@code BTC/USDT})
     * @throws ExchangeResponseException MALFORMED for a force order that cannot be read, or one
     *     for a perpetual not asked for
     */
    public static Liquidation parse(String message, Map<String, String> symbols)
            throws ExchangeResponseException {
        ExchangeJson json = new ExchangeJson("forceOrder message");
        JsonNode root = json.parse(message);
        JsonNode data = root.has("data") ? root.get("data") : root;
        if (!"forceOrder".equals(data.path("e").asText())) {
            return null;
        }
        JsonNode o = data.path("o");
        if (!o.isObject()) {
            throw json.malformed("no order object 'o'", null);
        }
        String perpetual = json.text(o, "s");
        String symbol = symbols.get(perpetual);
        if (symbol == null) {
            throw json.malformed("an order for " + perpetual + ", which was not subscribed",
                    null);
        }
        OrderSide side;
        try {
            side = OrderSide.valueOf(json.text(o, "S"));
        } catch (IllegalArgumentException e) {
            throw json.malformed("side '" + o.get("S").asText() + "' is neither BUY nor SELL", e);
        }
        // Some recordings carry no average price: then the notional is price x quantity (spec
        // §0), rather than the liquidation lost.
        JsonNode ap = o.get("ap");
        BigDecimal average = ap == null || ap.isNull() || ap.asText().isBlank()
                ? BigDecimal.ZERO : json.decimal(o, "ap");
        return json.valid(new Liquidation(symbol, BinanceFunding.VENUE, json.time(o, "T"), side,
                json.decimal(o, "p"), average, json.decimal(o, "z")));
    }
}
