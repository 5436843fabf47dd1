package io.regimeflow.connectors.exchange.spot;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimeflow.connectors.exchange.http.ExchangeJson;
import io.regimeflow.connectors.exchange.http.ExchangeResponseException;
import io.regimeflow.model.Candle;
import io.regimeflow.model.OrderBook;
import java.util.Map;
import org.apache.flink.annotation.Internal;

/**
 * One message of Binance.US's combined spot stream ({@code /stream?streams=...}, see
 * https://docs.binance.us/#websocket-streams): {@code {"stream":"btcusdt@kline_1m","data":
 * {"e":"kline","E":..,"s":"BTCUSDT","k":{"t":open ms,"T":close ms,"o":"..","c":"..","h":"..",
 * "l":"..","v":"..","n":trades,"x":closed?,"q":"..","V":"..","Q":"..",...}}}} or
 * {@code {"stream":"btcusdt@depth20@1000ms","data":{"lastUpdateId":..,"bids":[["p","q"],..],
 * "asks":[..]}}}. Anything else with an {@code error} or a {@code code} is the exchange
 * refusing what was asked.
 *
 * @param symbol the model symbol ({@code BTC/USDT}) the message is about, null for an error
 * @param candle a closed 1m kline ({@code x: true}), or null
 * @param book a partial book (20 levels), received at the given time, or null
 * @param error what the exchange said when it refused the streams, or null
 */
@Internal
public record SpotStreamMessage(String symbol, Candle candle, OrderBook book, String error) {

    private static final long MINUTE = 60_000L;

    /**
     * Reads a message.
     *
     * @param symbols the model symbol of each stream's lower-case exchange symbol
     *     ({@code btcusdt -> BTC/USDT}); messages of other symbols are empty
     * @param receivedAt the book's time (the partial book has no event time), epoch ms
     * @throws ExchangeResponseException MALFORMED, naming what is wrong
     */
    public static SpotStreamMessage parse(String text, Map<String, String> symbols,
            long receivedAt) throws ExchangeResponseException {
        ExchangeJson json = new ExchangeJson("spot stream message");
        JsonNode root = json.parse(text);
        String stream = root.path("stream").asText("");
        if (stream.isEmpty()) {
            if (root.has("error") || root.has("code")) {
                return new SpotStreamMessage(null, null, null, root.toString());
            }
            throw json.malformed("no 'stream' in " + abbreviated(text), null);
        }
        int at = stream.indexOf('@');
        String symbol = at < 0 ? null : symbols.get(stream.substring(0, at));
        if (symbol == null) {
            return new SpotStreamMessage(null, null, null, null);
        }
        JsonNode data = root.path("data");
        if (stream.endsWith("@kline_1m")) {
            return new SpotStreamMessage(symbol, closedKline(data, symbol), null, null);
        }
        if (stream.contains("@depth")) {
            return new SpotStreamMessage(symbol, null, BinanceDepth.book(new ExchangeJson(
                    "depth stream of " + symbol), data, symbol, receivedAt), null);
        }
        return new SpotStreamMessage(null, null, null, null);
    }

    /** The kline if closed, null while its minute still trades. */
    private static Candle closedKline(JsonNode data, String symbol)
            throws ExchangeResponseException {
        ExchangeJson json = new ExchangeJson("kline stream of " + symbol);
        JsonNode k = data.path("k");
        if (!k.isObject() || !k.path("x").isBoolean()) {
            throw json.malformed("no kline object with 'x'", null);
        }
        if (!k.get("x").asBoolean()) {
            return null;
        }
        long open = json.time(k, "t");
        long close = json.time(k, "T");
        if (close != open + MINUTE - 1 || Math.floorMod(open, MINUTE) != 0) {
            // Not a whole minute: taken as missing, so REST decides what the minute was.
            throw json.malformed("kline " + open + ".." + close + " is not a whole minute", null);
        }
        JsonNode trades = k.get("n");
        if (trades == null || !trades.isIntegralNumber()) {
            throw json.malformed("field 'n' is not a trade count", null);
        }
        return json.valid(new Candle(symbol, open, json.decimal(k, "o"), json.decimal(k, "h"),
                json.decimal(k, "l"), json.decimal(k, "c"), json.decimal(k, "v"),
                json.decimal(k, "q"), trades.asLong(), json.decimal(k, "V"),
                json.decimal(k, "Q")));
    }

    private static String abbreviated(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
