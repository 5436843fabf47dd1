package io.regimeflow.connectors.exchange.derivatives;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimeflow.connectors.exchange.http.ExchangeJson;
import io.regimeflow.connectors.exchange.http.ExchangeResponseException;
import io.regimeflow.model.FundingSettlement;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.annotation.Internal;

/**
 * Parses USD-M futures {@code GET /fapi/v1/fundingRate}: an array of
 * {@code {"symbol":"BTCUSDT","fundingTime":1698768000000,"fundingRate":"-0.00003778",
 * "markPrice":"34287.54619963"}}, oldest first ({@code markPrice} is empty in old rows).
 */
@Internal
public final class BinanceFunding {

    public static final String VENUE = "binance-usdm";

    private BinanceFunding() {}

    /**
     * The rows of a response, in time order, identical duplicates dropped.
     *
     * @throws ExchangeResponseException MALFORMED for a body that is not such an array, a row of
     *     another perpetual, or two different rows for one settlement
     */
    static List<VenueApi.FundingRow> rows(String body, String perpetual)
            throws ExchangeResponseException {
        ExchangeJson json = new ExchangeJson("fundingRate of " + perpetual);
        JsonNode root = json.parse(body);
        if (!root.isArray()) {
            throw json.malformed("expected an array of funding rates", null);
        }
        List<VenueApi.FundingRow> rows = new ArrayList<>(root.size());
        for (JsonNode n : root) {
            if (!n.isObject()) {
                throw json.malformed("a row is not an object", null);
            }
            if (!perpetual.equals(json.text(n, "symbol"))) {
                throw json.malformed("a row for " + n.get("symbol").asText(), null);
            }
            String mark = n.path("markPrice").asText("");
            rows.add(new VenueApi.FundingRow(json.time(n, "fundingTime"),
                    json.decimal(n, "fundingRate"),
                    mark.isEmpty() ? null : json.decimal(mark, "markPrice")));
        }
        return VenueRows.oldestFirst(rows, json);
    }

    /** A settlement record of {@code venue}, validated. */
    public static FundingSettlement settlement(String symbol, String venue, long time,
            BigDecimal rate, int intervalHours, BigDecimal markPrice)
            throws ExchangeResponseException {
        return new ExchangeJson("fundingRate of " + symbol).valid(new FundingSettlement(symbol,
                venue, time, rate, intervalHours, markPrice));
    }
}
