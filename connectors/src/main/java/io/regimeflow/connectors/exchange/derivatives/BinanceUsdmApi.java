package io.regimeflow.connectors.exchange.derivatives;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimeflow.connectors.exchange.http.ExchangeJson;
import io.regimeflow.connectors.exchange.http.ExchangeResponseException;
import io.regimeflow.connectors.exchange.http.RestRequest;
import io.regimeflow.model.Liquidation;
import io.regimeflow.model.Symbols;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Binance USD-M futures: {@code GET /fapi/v1/fundingRate} (oldest first from {@code startTime},
 * up to 1000, weight 1 of 2400 a minute), the combined stream
 * {@code /stream?streams=btcusdt@forceOrder/...}, and the perpetuals in
 * {@code GET /fapi/v1/exchangeInfo} (weight 1; {@code contractType} PERPETUAL, {@code status}
 * TRADING; coins worth little trade as multiples: {@code 1000SHIBUSDT}, base {@code 1000SHIB}).
 * It answers HTTP 451 from restricted locations, the US among them.
 */
final class BinanceUsdmApi extends VenueBasics {

    static final String FUNDING_PATH = "/fapi/v1/fundingRate";
    static final String EXCHANGE_INFO_PATH = "/fapi/v1/exchangeInfo";

    BinanceUsdmApi() {
        super(BinanceFunding.VENUE, "https://fapi.binance.com",
                "wss://fstream.binance.com", 2400, 1000);
    }

    @Override
    public String perpetual(String symbol) {
        return Symbols.toExchangeSymbol(symbol);
    }

    @Override
    public RestRequest perpetualsRequest(String cursor) {
        return RestRequest.get(EXCHANGE_INFO_PATH, Map.of(), 1);
    }

    @Override
    public PerpetualPage perpetuals(String body) throws ExchangeResponseException {
        ExchangeJson json = new ExchangeJson("binance-usdm exchangeInfo");
        JsonNode symbols = json.parse(body).path("symbols");
        if (!symbols.isArray()) {
            throw json.malformed("no 'symbols' array", null);
        }
        List<ListedPerpetual> out = new ArrayList<>();
        for (JsonNode n : symbols) {
            if ("PERPETUAL".equals(n.path("contractType").asText())
                    && "TRADING".equals(n.path("status").asText())) {
                out.add(new ListedPerpetual(json.text(n, "symbol"), json.text(n, "baseAsset"),
                        json.text(n, "quoteAsset"), BigDecimal.ONE));
            }
        }
        return new PerpetualPage(out, null);
    }

    @Override
    public RestRequest fundingRequest(String perpetual, long afterMs, long beforeMs) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("symbol", perpetual);
        q.put("startTime", Long.toString(afterMs + 1));
        if (beforeMs > 0) {
            q.put("endTime", Long.toString(beforeMs - 1));
        }
        q.put("limit", Integer.toString(fundingLimit()));
        return RestRequest.get(FUNDING_PATH, q, 1);
    }

    @Override
    public List<FundingRow> fundingRows(String body, String perpetual)
            throws ExchangeResponseException {
        return BinanceFunding.rows(body, perpetual);
    }

    @Override
    public URI liquidationUri(URI base, Collection<String> perpetuals) {
        String streams = perpetuals.stream().sorted()
                .map(p -> p.toLowerCase(Locale.ROOT) + "@forceOrder")
                .collect(Collectors.joining("/"));
        return URI.create(base.toString().replaceAll("/+$", "") + "/stream?streams=" + streams);
    }

    @Override
    public List<Liquidation> liquidations(String message, Map<String, SpotPerpetual> perpetuals)
            throws ExchangeResponseException {
        Map<String, String> symbols = new HashMap<>();
        perpetuals.forEach((name, p) -> symbols.put(name, p.symbol()));
        Liquidation l = BinanceForceOrder.parse(message, symbols);
        if (l == null) {
            return List.of();
        }
        for (SpotPerpetual p : perpetuals.values()) {
            if (p.symbol().equals(l.symbol())) {
                return List.of(p.inSpotUnits(l));
            }
        }
        return List.of(l);
    }
}
