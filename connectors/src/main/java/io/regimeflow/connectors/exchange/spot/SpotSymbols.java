package io.regimeflow.connectors.exchange.spot;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimeflow.connectors.exchange.http.ExchangeHttp;
import io.regimeflow.connectors.exchange.http.ExchangeJson;
import io.regimeflow.connectors.exchange.http.ExchangeResponseException;
import io.regimeflow.model.Symbols;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which configured symbols the spot exchange trades, by its own list: {@code GET
 * /api/v3/exchangeInfo} (Binance.US and Binance answer every symbol with its {@code status};
 * only {@code TRADING} has klines that move). Asked once at start, so that a misspelt or delisted
 * symbol stops the run with a line naming it instead of holding back every other symbol.
 */
public final class SpotSymbols {

    static final String PATH = "/api/v3/exchangeInfo";

    private SpotSymbols() {}

    /**
     * The configured symbols the exchange does not trade, each with why: "not listed", or its
     * status ("BREAK", "HALT", ...); empty when it trades them all.
     *
     * @param symbols in {@code BASE/QUOTE} form
     * @throws ExchangeResponseException when the exchange cannot be asked (no answer, an error,
     *     a body that is not its exchange information)
     */
    public static Map<String, String> notTraded(URI spotUrl, List<String> symbols,
            Duration timeout) throws ExchangeResponseException, InterruptedException {
        String body = new ExchangeHttp(spotUrl, timeout).get(PATH, Map.of()).body();
        ExchangeJson json = new ExchangeJson("exchange information from " + spotUrl.getHost());
        JsonNode listed = json.parse(body).path("symbols");
        if (!listed.isArray()) {
            throw json.malformed("no 'symbols' array", null);
        }
        Map<String, String> status = new HashMap<>();
        for (JsonNode s : listed) {
            status.put(s.path("symbol").asText(), s.path("status").asText());
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String symbol : symbols) {
            String s = status.get(Symbols.toExchangeSymbol(symbol));
            if (s == null) {
                out.put(symbol, "not listed");
            } else if (!s.equals("TRADING")) {
                out.put(symbol, "status " + s);
            }
        }
        return out;
    }
}
