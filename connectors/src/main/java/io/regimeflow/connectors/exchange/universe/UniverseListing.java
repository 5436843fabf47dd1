package io.regimeflow.connectors.exchange.universe;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimeflow.connectors.exchange.http.ExchangeHttp;
import io.regimeflow.connectors.exchange.http.ExchangeJson;
import io.regimeflow.connectors.exchange.http.ExchangeResponseException;
import io.regimeflow.model.Symbols;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One reading of a {@link SymbolUniverse} from the spot exchange: the symbols in it, and the
 * pairs with its quote asset that are listed but not in it, each with why.
 *
 * <p>Sources (Binance.US REST API, "General endpoints" and "Market data endpoints"): {@code GET
 * /api/v3/exchangeInfo} (weight 20 on Binance; {@code {"symbols":[{"symbol":"BTCUSDT",
 * "status":"TRADING","baseAsset":"BTC","quoteAsset":"USDT",...},...]}}; a status other than
 * TRADING, such as BREAK or HALT, has no klines that move) and, only with a volume floor, {@code
 * GET /api/v3/ticker/24hr} without a symbol (weight 80 on Binance, 40 on Binance.US; {@code
 * [{"symbol":"BTCUSDT","volume":"1.2","quoteVolume":"80123.45",...},...]}, volumes as decimal
 * text, {@code quoteVolume} in units of the quote asset over the last 24 hours).
 *
 * @param members the symbols of the universe, {@code BASE/QUOTE}, sorted
 * @param left pairs with the universe's quote asset that are listed but not members, with why
 *     ("status BREAK", "24h quote volume 12 USDT under the floor of 1000000")
 */
public record UniverseListing(SortedSet<String> members, Map<String, String> left) {

    static final String EXCHANGE_INFO = "/api/v3/exchangeInfo";
    static final String TICKERS = "/api/v3/ticker/24hr";

    public UniverseListing {
        members = Collections.unmodifiableSortedSet(new TreeSet<>(members));
        left = Collections.unmodifiableMap(new TreeMap<>(left));
    }

    /** Why {@code symbol} is not a member: its reason, or that the exchange no longer lists it. */
    public String whyNot(String symbol) {
        return left.getOrDefault(symbol, "no longer listed");
    }

    /**
     * Reads the universe: one request for the exchange information, and one for the tickers when
     * there is a volume floor. No retries here: the caller keeps what it knew and asks again at
     * its next refresh.
     *
     * @throws ExchangeResponseException when either answer is an error (HTTP 4xx/5xx, a ban, no
     *     answer) or not in the layout above (a truncated or HTML body)
     */
    public static UniverseListing read(ExchangeHttp http, SymbolUniverse universe, String host)
            throws ExchangeResponseException, InterruptedException {
        String info = http.get(EXCHANGE_INFO, Map.of()).body();
        String tickers = universe.hasFloor() ? http.get(TICKERS, Map.of()).body() : null;
        return of(info, tickers, universe, host);
    }

    /**
     * The universe in the given answers.
     *
     * @param tickers the body of the tickers, or null without a floor
     * @param host named in error messages
     * @throws ExchangeResponseException MALFORMED when a body is not in the layout above
     */
    public static UniverseListing of(String exchangeInfo, String tickers, SymbolUniverse universe,
            String host) throws ExchangeResponseException {
        ExchangeJson json = new ExchangeJson("exchange information from " + host);
        JsonNode listed = json.parse(exchangeInfo).path("symbols");
        if (!listed.isArray()) {
            throw json.malformed("no 'symbols' array", null);
        }
        Map<String, BigDecimal> volumes = tickers == null ? Map.of()
                : quoteVolumes(tickers, host);
        SortedSet<String> members = new TreeSet<>();
        Map<String, String> left = new HashMap<>();
        for (JsonNode s : listed) {
            if (!universe.quote().equals(s.path("quoteAsset").asText())) {
                continue;
            }
            String symbol = json.text(s, "baseAsset") + "/" + universe.quote();
            if (!Symbols.isValid(symbol)) {
                // Said once per reading in the enumerator's summary, not a failure of the read.
                left.put(symbol, "not a BASE/QUOTE name this job accepts");
                continue;
            }
            String status = json.text(s, "status");
            if (!status.equals("TRADING")) {
                left.put(symbol, "status " + status);
                continue;
            }
            if (tickers != null) {
                BigDecimal v = volumes.get(json.text(s, "symbol"));
                if (v == null) {
                    left.put(symbol, "no 24h ticker");
                    continue;
                }
                if (v.doubleValue() < universe.minQuoteVolume()) {
                    left.put(symbol, "24h quote volume " + v.toPlainString() + " "
                            + universe.quote() + " under the floor of "
                            + BigDecimal.valueOf(universe.minQuoteVolume()).stripTrailingZeros()
                                    .toPlainString());
                    continue;
                }
            }
            members.add(symbol);
        }
        return new UniverseListing(members, left);
    }

    private static Map<String, BigDecimal> quoteVolumes(String body, String host)
            throws ExchangeResponseException {
        ExchangeJson json = new ExchangeJson("24h tickers from " + host);
        JsonNode all = json.parse(body);
        if (!all.isArray()) {
            throw json.malformed("not an array of tickers", null);
        }
        Map<String, BigDecimal> out = new HashMap<>();
        for (JsonNode t : all) {
            out.put(json.text(t, "symbol"), json.decimal(t, "quoteVolume"));
        }
        return out;
    }
}
