package io.regimeflow.connectors.exchange.derivatives;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimeflow.connectors.exchange.http.ExchangeJson;
import io.regimeflow.connectors.exchange.http.ExchangeResponseException;
import io.regimeflow.connectors.exchange.http.HttpText;
import io.regimeflow.connectors.exchange.http.RestRequest;
import io.regimeflow.model.Liquidation;
import io.regimeflow.model.Symbols;
import java.math.BigDecimal;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hyperliquid's public info API: {@code POST /info} with
 * {@code {"type":"fundingHistory","coin":"BTC","startTime":...}} (oldest first, up to 500;
 * funding is paid every hour, so the interval is always 1). Its perpetuals are USDC-margined
 * and named by the base asset: BTC/USDT reads {@code BTC}; coins worth little trade by the
 * thousand, {@code kSHIB}, {@code kPEPE}. The list of perpetuals is {@code {"type":"meta"}}
 * ({@code universe[].name}, {@code isDelisted} on those no longer traded; weight 20).
 * Hyperliquid publishes no stream of everyone's liquidations, so this venue has none: cascades
 * stay empty, and the dashboard and
 * the start-up line say so.
 */
final class HyperliquidApi extends VenueBasics {

    static final String INFO_PATH = "/info";
    static final Duration LIMIT_WAIT = Duration.ofSeconds(5);

    HyperliquidApi() {
        super("hyperliquid", "https://api.hyperliquid.xyz",
                "wss://api.hyperliquid.xyz/ws", 1200, 500);
    }

    @Override
    public String perpetual(String symbol) {
        return Symbols.requireValid(symbol).substring(0, symbol.indexOf('/'));
    }

    @Override
    public RestRequest perpetualsRequest(String cursor) {
        return RestRequest.post(INFO_PATH, "{\"type\":\"meta\"}", 20);
    }

    @Override
    public PerpetualPage perpetuals(String body) throws ExchangeResponseException {
        ExchangeJson json = new ExchangeJson("hyperliquid meta");
        JsonNode universe = json.parse(body).path("universe");
        if (!universe.isArray()) {
            throw json.malformed("no array universe", null);
        }
        List<ListedPerpetual> out = new ArrayList<>();
        for (JsonNode n : universe) {
            if (!n.path("isDelisted").asBoolean(false)) {
                out.add(new ListedPerpetual(json.text(n, "name"), json.text(n, "name"), null,
                        BigDecimal.ONE));
            }
        }
        return new PerpetualPage(out, null);
    }

    @Override
    public RestRequest fundingRequest(String perpetual, long afterMs, long beforeMs) {
        String body = "{\"type\":\"fundingHistory\",\"coin\":\"" + perpetual
                + "\",\"startTime\":" + (afterMs + 1)
                + (beforeMs > 0 ? ",\"endTime\":" + (beforeMs - 1) : "") + "}";
        // Info requests weigh 20, and fundingHistory 1 more per 20 rows answered.
        return RestRequest.post(INFO_PATH, body, 45);
    }

    @Override
    public List<FundingRow> fundingRows(String body, String perpetual)
            throws ExchangeResponseException {
        ExchangeJson json = new ExchangeJson("hyperliquid fundingHistory of " + perpetual);
        JsonNode root = json.parse(body);
        if (root.isNull()) {
            throw new ExchangeResponseException(ExchangeResponseException.Kind.REJECTED,
                    "hyperliquid fundingHistory of " + perpetual + ": no such coin", 200, null,
                    null, null);
        }
        if (!root.isArray()) {
            throw json.malformed("expected an array", null);
        }
        List<FundingRow> rows = new ArrayList<>();
        for (JsonNode n : root) {
            if (!perpetual.equals(json.text(n, "coin"))) {
                throw json.malformed("a row for " + n.path("coin").asText(), null);
            }
            rows.add(new FundingRow(json.time(n, "time"), json.decimal(n, "fundingRate"), null));
        }
        return VenueRows.oldestFirst(rows, json);
    }

    @Override
    public int intervalHours(long previous, long time) {
        return 1;
    }

    @Override
    public boolean offersLiquidations() {
        return false;
    }

    @Override
    public List<Liquidation> liquidations(String message,
            Map<String, SpotPerpetual> perpetuals) {
        return List.of();
    }

    @Override
    public ErrorText error(String body) {
        // Hyperliquid answers errors in plain text ("Failed to deserialize the JSON body...").
        return new ErrorText(null, body == null ? null : HttpText.snippet(body));
    }

    @Override
    public ExchangeResponseException failureIn200(String where, String body, HttpHeaders headers) {
        return null;
    }

    /**
     * Its 429 names no wait, and its weight is counted over a minute (1200 per IP): 5 s, a
     * twelfth of it, then the weight budget spaces what follows.
     */
    @Override
    public Duration rateLimitWait(int status, Duration retryAfter, HttpHeaders headers,
            String body) {
        return retryAfter != null ? retryAfter : LIMIT_WAIT;
    }
}
