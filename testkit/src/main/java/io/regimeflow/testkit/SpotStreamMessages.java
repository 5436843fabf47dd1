package io.regimeflow.testkit;

import io.regimeflow.model.Candle;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * Binance.US's combined spot stream messages (https://docs.binance.us/#websocket-streams), made
 * from the fake's market (real recorded candles): a kline event
 * {@code {"stream":"algousdt@kline_1m","data":{"e":"kline","E":..,"s":"ALGOUSDT","k":{..}}}}
 * and a partial book {@code {"stream":"algousdt@depth20@1000ms","data":{"lastUpdateId":..,
 * "bids":[..],"asks":[..]}}} (the REST depth answer's shape).
 */
public final class SpotStreamMessages {
    private SpotStreamMessages() {}

    /** The stream name of {@code symbol} ({@code ALGO/USDT}): {@code algousdt<suffix>}. */
    public static String stream(String symbol, String suffix) {
        return BinanceListings.exchangeSymbol(symbol).toLowerCase(Locale.ROOT) + suffix;
    }

    /** The kline event of {@code c}; {@code closed} is its {@code x}, {@code eventMs} its E. */
    public static String kline(Candle c, boolean closed, long eventMs) {
        String s = BinanceListings.exchangeSymbol(c.symbol());
        String data = "{\"e\":\"kline\",\"E\":" + eventMs + ",\"s\":\"" + s + "\",\"k\":{\"t\":"
                + c.openTime() + ",\"T\":" + c.closeTime() + ",\"s\":\"" + s
                + "\",\"i\":\"1m\",\"f\":100,\"L\":" + (100 + c.trades()) + ",\"o\":" + q(c.open())
                + ",\"c\":" + q(c.close()) + ",\"h\":" + q(c.high()) + ",\"l\":" + q(c.low())
                + ",\"v\":" + q(c.volume()) + ",\"n\":" + c.trades() + ",\"x\":" + closed
                + ",\"q\":" + q(c.quoteVolume()) + ",\"V\":" + q(c.takerBuyBase()) + ",\"Q\":"
                + q(c.takerBuyQuote()) + ",\"B\":\"0\"}}";
        return combined(stream(c.symbol(), "@kline_1m"), data);
    }

    /** A partial book message of {@code symbol} whose data is {@code depthAnswer}. */
    public static String book(String symbol, String depthAnswer) {
        return combined(stream(symbol, "@depth20@1000ms"), depthAnswer);
    }

    /** Binance's answer to a bad request: {@code {"error":{"code":..,"msg":".."},"id":..}}. */
    public static String error(int code, String msg, int id) {
        return "{\"error\":{\"code\":" + code + ",\"msg\":\"" + msg + "\"},\"id\":" + id
                + "}";
    }

    private static String combined(String stream, String data) {
        return "{\"stream\":\"" + stream + "\",\"data\":" + data + "}";
    }

    private static String q(BigDecimal v) {
        return "\"" + v.toPlainString() + "\"";
    }
}
