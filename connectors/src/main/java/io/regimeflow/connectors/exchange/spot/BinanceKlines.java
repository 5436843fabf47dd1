package io.regimeflow.connectors.exchange.spot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.regimeflow.connectors.exchange.http.ExchangeJson;
import io.regimeflow.connectors.exchange.http.ExchangeResponseException;
import io.regimeflow.model.Candle;
import io.regimeflow.model.MarketDataValidator;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.annotation.Internal;

/**
 * Parses Binance's {@code GET /api/v3/klines} body: an array of rows
 * {@code [openTime, "open", "high", "low", "close", "volume", closeTime, "quoteVolume", trades,
 * "takerBuyBase", "takerBuyQuote", "ignore"]}, prices and volumes as strings. They become exact
 * decimals straight from the text, never through a double. Only closed candles are returned: the
 * last row of a live response is the minute still trading.
 */
@Internal
public final class BinanceKlines {

    private static final long MINUTE = 60_000L;

    private BinanceKlines() {}

    /**
     * A response's candles, in open-time order.
     *
     * @param closed the closed candles (the minute still trading left out)
     * @param rows rows in the response, open or closed, duplicates included: a full page (the
     *     request's limit) means more may follow
     * @param duplicates identical rows dropped
     * @param reordered whether the rows came out of order
     * @param irregularOpenTimes the open times of the rows that are not a whole 1m kline
     *     (opening off the minute grid, or closing before the minute's end), left out, in the
     *     order of the answer
     */
    public record Page(List<Candle> closed, int rows, int duplicates, boolean reordered,
            List<Long> irregularOpenTimes) {
        /** How many rows were left out as irregular. */
        public int irregular() {
            return irregularOpenTimes.size();
        }
    }

    /**
     * The closed 1m candles of a response. Rows out of order are put in order and identical
     * duplicate rows dropped (both counted in the page); two different rows for one minute make
     * the response malformed, since either could be wrong. Rows that are not a whole minute are
     * left out and counted: Binance's own history has some around its maintenance of 2018-02-08
     * (a row closing 14.788 s into its minute, rows opening off the grid), and a part of a minute
     * passed off as the whole would be invented data; their minutes are then missing at the
     * exchange, as spec §1 has it (the hour is built from the minutes there are and marked
     * incomplete).
     *
     * @param symbol the symbol the request was for, in {@code BASE/QUOTE} form
     * @param nowMs the exchange's time of the response: a candle whose close time is not before
     *     it, and that no later row follows, is still trading
     * @throws ExchangeResponseException of kind MALFORMED, naming the row and what is wrong; no
     *     candle of a malformed response is returned
     */
    public static Page page(String body, String symbol, long nowMs)
            throws ExchangeResponseException {
        JsonNode root;
        try {
            root = ExchangeJson.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw malformed(symbol, "not JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (root == null || !root.isArray()) {
            throw malformed(symbol, "expected an array of klines", null);
        }
        List<Candle> all = new ArrayList<>(root.size());
        boolean reordered = false;
        List<Long> irregular = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode row = root.get(i);
            Candle c = row(symbol, i, row);
            long closeTime = row.get(6).asLong();
            if (closeTime - c.openTime() >= MINUTE || closeTime < c.openTime()) {
                // Longer than a minute: an answer of another interval, not history to fix.
                throw malformed(symbol, "row " + i + " is not a 1m kline (open " + c.openTime()
                        + ", close " + closeTime + ")", null);
            }
            if (closeTime != c.openTime() + MINUTE - 1 || Math.floorMod(c.openTime(),
                    MINUTE) != 0) {
                irregular.add(c.openTime());
                continue;
            }
            String problem = MarketDataValidator.problem(c);
            if (problem != null) {
                throw malformed(symbol, "row " + i + ": " + problem, null);
            }
            reordered |= !all.isEmpty() && c.openTime() < all.get(all.size() - 1).openTime();
            all.add(c);
        }
        all.sort(Comparator.comparingLong(Candle::openTime));
        List<Candle> closed = new ArrayList<>(all.size());
        int duplicates = 0;
        Candle previous = null;
        for (int k = 0; k < all.size(); k++) {
            Candle c = all.get(k);
            if (previous != null && previous.openTime() == c.openTime()) {
                if (!previous.equals(c)) {
                    throw malformed(symbol, "two different rows for the minute at "
                            + c.openTime(), null);
                }
                duplicates++;
                continue;
            }
            previous = c;
            // Closed when its end has passed by the clock given, or a later minute follows it.
            if (c.closeTime() < nowMs || all.get(all.size() - 1).openTime() > c.openTime()) {
                closed.add(c);
            }
        }
        return new Page(closed, root.size(), duplicates, reordered, irregular);
    }

    /** The closed candles of a response; see {@link #page}. */
    public static List<Candle> closedCandles(String body, String symbol, long nowMs)
            throws ExchangeResponseException {
        return page(body, symbol, nowMs).closed();
    }

    private static Candle row(String symbol, int i, JsonNode row)
            throws ExchangeResponseException {
        if (row == null || !row.isArray() || row.size() < 11) {
            throw malformed(symbol, "row " + i + " is not a 12-field kline", null);
        }
        if (!row.get(0).isIntegralNumber() || !row.get(6).isIntegralNumber()
                || !row.get(8).isIntegralNumber()) {
            throw malformed(symbol, "row " + i + " has a non-integer time or trade count", null);
        }
        return new Candle(symbol, row.get(0).asLong(), decimal(symbol, i, row, 1),
                decimal(symbol, i, row, 2), decimal(symbol, i, row, 3), decimal(symbol, i, row, 4),
                decimal(symbol, i, row, 5), decimal(symbol, i, row, 7), row.get(8).asLong(),
                decimal(symbol, i, row, 9), decimal(symbol, i, row, 10));
    }

    private static BigDecimal decimal(String symbol, int i, JsonNode row, int field)
            throws ExchangeResponseException {
        JsonNode n = row.get(field);
        if (n == null || !n.isTextual()) {
            throw malformed(symbol, "row " + i + " field " + field + " is not a decimal string",
                    null);
        }
        try {
            return new BigDecimal(n.asText());
        } catch (NumberFormatException e) {
            throw malformed(symbol, "row " + i + " field " + field + " '" + n.asText()
                    + "' is not a decimal", e);
        }
    }

    private static ExchangeResponseException malformed(String symbol, String what, Throwable e) {
        return new ExchangeResponseException(ExchangeResponseException.Kind.MALFORMED,
                "klines of " + symbol + ": " + what, 200, null, null, e);
    }
}
