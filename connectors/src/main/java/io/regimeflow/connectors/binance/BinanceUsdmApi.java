package io.regimeflow.connectors.binance;

import io.regimeflow.model.Liquidation;
import io.regimeflow.model.Symbols;
import java.math.BigDecimal;
import java.net.URI;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Binance USD-M futures: {@code GET /fapi/v1/fundingRate} (oldest first from {@code startTime},
 * up to 1000, weight 1 of 2400 a minute) and the combined stream
 * {@code /stream?streams=btcusdt@forceOrder/...}. It answers HTTP 451 from restricted locations,
 * the US among them.
 */
final class BinanceUsdmApi extends VenueBasics {

    static final String FUNDING_PATH = "/fapi/v1/fundingRate";

    BinanceUsdmApi() {
        super(BinanceFunding.VENUE, "https://fapi.binance.com",
                "wss://fstream.binance.com", 2400, 1000);
    }

    @Override
    public String perpetual(String symbol) {
        return Symbols.toExchangeSymbol(symbol);
    }

    @Override
    public VenueRequest fundingRequest(String perpetual, long afterMs, long beforeMs) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("symbol", perpetual);
        q.put("startTime", Long.toString(afterMs + 1));
        if (beforeMs > 0) {
            q.put("endTime", Long.toString(beforeMs - 1));
        }
        q.put("limit", Integer.toString(fundingLimit()));
        return VenueRequest.get(FUNDING_PATH, q, 1);
    }

    @Override
    public List<FundingRow> fundingRows(String body, String perpetual)
            throws BinanceResponseException {
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
    public List<Liquidation> liquidations(String message, Map<String, String> symbols,
            Map<String, BigDecimal> contractSizes) throws BinanceResponseException {
        Liquidation l = BinanceForceOrder.parse(message, symbols);
        return l == null ? List.of() : List.of(l);
    }
}
