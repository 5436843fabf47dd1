package io.regimeflow.connectors.exchange.derivatives;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimeflow.connectors.exchange.http.ExchangeJson;
import io.regimeflow.connectors.exchange.http.ExchangeResponseException;
import io.regimeflow.connectors.exchange.http.HttpDialect;
import io.regimeflow.connectors.exchange.http.HttpText;
import io.regimeflow.connectors.exchange.http.RestRequest;
import io.regimeflow.model.Liquidation;
import io.regimeflow.model.OrderSide;
import io.regimeflow.model.Symbols;
import java.math.BigDecimal;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OKX v5, USDT-margined swaps ({@code BTC-USDT-SWAP}): {@code GET
 * /api/v5/public/funding-rate-history} (newest first, up to 100, {@code before}/{@code after}
 * bound the funding time; OKX keeps about three months) and the public socket's
 * {@code liquidation-orders} channel for all swaps, whose sizes are in contracts
 * ({@code ctVal} coins each, from {@code GET /api/v5/public/instruments?instType=SWAP}, the list
 * of swaps: {@code state} live, {@code ctType} linear; its prices are per coin, even for
 * {@code SHIB-USDT-SWAP} whose contract is a million SHIB). Errors come as {@code {"code":"51001",
 * "msg":...}}, with HTTP 200 for most and 429 (code 50011) for rate limits.
 */
final class OkxApi extends VenueBasics {

    static final String FUNDING_PATH = "/api/v5/public/funding-rate-history";
    static final String INSTRUMENTS_PATH = "/api/v5/public/instruments";
    /** Too many requests, in a 429 or a 200. */
    static final String RATE_LIMITED = "50011";
    /** OKX counts its public REST limits over 2 s ("20 requests per 2 seconds"). */
    static final Duration LIMIT_WINDOW = Duration.ofSeconds(2);

    OkxApi() {
        // Weight limit: funding-rate-history: 10 requests per 2 s per IP.
        super("okx", "https://www.okx.com",
                "wss://ws.okx.com:8443/ws/v5/public", 300, 100);
    }

    @Override
    public String perpetual(String symbol) {
        return Symbols.requireValid(symbol).replace("/", "-") + "-SWAP";
    }

    @Override
    public RestRequest perpetualsRequest(String cursor) {
        return RestRequest.get(INSTRUMENTS_PATH, Map.of("instType", "SWAP"), 1);
    }

    @Override
    public PerpetualPage perpetuals(String body) throws ExchangeResponseException {
        ExchangeJson json = new ExchangeJson("okx instruments");
        JsonNode data = json.parse(body).path("data");
        if (!data.isArray()) {
            throw json.malformed("no array data", null);
        }
        List<ListedPerpetual> out = new ArrayList<>();
        for (JsonNode n : data) {
            String inst = json.text(n, "instId");
            String[] parts = inst.split("-");
            // Inverse swaps (BTC-USD-SWAP) count contracts of USD, not of the coin.
            if (parts.length == 3 && "live".equals(n.path("state").asText())
                    && "linear".equals(n.path("ctType").asText())) {
                out.add(new ListedPerpetual(inst, parts[0], parts[1],
                        json.decimal(n, "ctVal")));
            }
        }
        return new PerpetualPage(out, null);
    }

    @Override
    public boolean countsContracts() {
        return true;
    }

    @Override
    public long fundingWindowMs() {
        return 99 * 3_600_000L;
    }

    @Override
    public RestRequest fundingRequest(String perpetual, long afterMs, long beforeMs) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("instId", perpetual);
        // OKX's names run the other way: 'before' asks for newer rows, 'after' for older ones.
        q.put("before", Long.toString(afterMs));
        q.put("after", Long.toString(beforeMs > 0 ? beforeMs : afterMs + fundingWindowMs()));
        q.put("limit", Integer.toString(fundingLimit()));
        return RestRequest.get(FUNDING_PATH, q, 1);
    }

    @Override
    public List<FundingRow> fundingRows(String body, String perpetual)
            throws ExchangeResponseException {
        ExchangeJson json = new ExchangeJson("okx funding-rate-history of " + perpetual);
        JsonNode data = json.parse(body).path("data");
        if (!data.isArray()) {
            throw json.malformed("no array data", null);
        }
        List<FundingRow> rows = new ArrayList<>();
        for (JsonNode n : data) {
            if (!perpetual.equals(json.text(n, "instId"))) {
                throw json.malformed("a row for " + n.path("instId").asText(), null);
            }
            // realizedRate is what was paid; fundingRate the forecast it settled from.
            String rate = n.path("realizedRate").asText("");
            rows.add(new FundingRow(json.millisText(n, "fundingTime"),
                    rate.isEmpty() ? json.decimal(n, "fundingRate") : json.decimal(rate,
                            "realizedRate"), null));
        }
        return VenueRows.oldestFirst(rows, json);
    }

    @Override
    public List<String> subscriptions(Collection<String> perpetuals) {
        return List.of("{\"op\":\"subscribe\",\"args\":[{\"channel\":\"liquidation-orders\","
                + "\"instType\":\"SWAP\"}]}");
    }

    @Override
    public boolean subscriptionConfirmed(String message) {
        JsonNode n = HttpDialect.json(message);
        return n != null && "subscribe".equals(n.path("event").asText());
    }

    @Override
    public String subscriptionError(String message) {
        JsonNode n = HttpDialect.json(message);
        return n != null && "error".equals(n.path("event").asText())
                ? n.path("code").asText() + " " + n.path("msg").asText() : null;
    }

    @Override
    public String keepAlive() {
        return "ping"; // OKX hangs up after 30 s without a message
    }

    @Override
    public List<Liquidation> liquidations(String message, Map<String, SpotPerpetual> perpetuals)
            throws ExchangeResponseException {
        if (message.equals("pong")) {
            return List.of();
        }
        ExchangeJson json = new ExchangeJson("okx liquidation-orders message");
        JsonNode root = json.parse(message);
        if (!"liquidation-orders".equals(root.path("arg").path("channel").asText())
                || !root.has("data")) {
            return List.of(); // subscription answers
        }
        List<Liquidation> out = new ArrayList<>();
        for (JsonNode d : root.path("data")) {
            String perpetual = json.text(d, "instId");
            SpotPerpetual p = perpetuals.get(perpetual);
            if (p == null) {
                continue; // the channel carries every swap; only the configured ones count
            }
            if (p.contractSize() == null) {
                throw json.malformed("no contract size known for " + perpetual, null);
            }
            for (JsonNode x : d.path("details")) {
                // 'side' is the forced order's side, as in the model: a sell closes a long.
                OrderSide side = switch (json.text(x, "side")) {
                    case "buy" -> OrderSide.BUY;
                    case "sell" -> OrderSide.SELL;
                    default -> throw json.malformed("side '" + x.get("side").asText()
                            + "' is neither buy nor sell", null);
                };
                out.add(json.valid(p.liquidation(id(), json.millisText(x, "ts"), side,
                        json.decimal(x, "bkPx"), BigDecimal.ZERO, json.decimal(x, "sz"))));
            }
        }
        return out;
    }

    @Override
    public ExchangeResponseException failureIn200(String where, String body, HttpHeaders headers) {
        JsonNode n = HttpDialect.json(body);
        if (n == null || !n.has("code") || "0".equals(n.path("code").asText())) {
            return null;
        }
        // Its code is a string now ("50011") and was a number once (50011): read as text.
        String code = n.path("code").asText();
        boolean limited = RATE_LIMITED.equals(code);
        return new ExchangeResponseException(limited
                ? ExchangeResponseException.Kind.RATE_LIMITED
                : ExchangeResponseException.Kind.REJECTED,
                where + ": code " + code + " (" + n.path("msg").asText() + ")", 200,
                HttpText.parseIntOrNull(code), limited ? LIMIT_WINDOW : null, null);
    }

    /** OKX says no wait: its public limits are counted per 2 s, so one such window. */
    @Override
    public Duration rateLimitWait(int status, Duration retryAfter, HttpHeaders headers,
            String body) {
        return retryAfter != null ? retryAfter : LIMIT_WINDOW;
    }
}
