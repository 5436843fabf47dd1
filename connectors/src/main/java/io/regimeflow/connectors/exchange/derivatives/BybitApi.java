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
 * Bybit v5, USDT perpetuals ({@code category=linear}): {@code GET /v5/market/funding/history}
 * (newest first, up to 200, both {@code startTime} and {@code endTime}), the public socket's
 * {@code allLiquidation.<symbol>} topic, and the perpetuals in {@code GET
 * /v5/market/instruments-info} ({@code contractType} LinearPerpetual, {@code status} Trading; up
 * to 1000 a page, then {@code nextPageCursor}; multiples of a coin are named either way:
 * {@code SHIB1000USDT}, {@code 1000PEPEUSDT}). Bybit answers errors with HTTP 200 and a
 * {@code retCode} ({@code 10006}: too many visits, with {@code X-Bapi-Limit-Reset-Timestamp});
 * a blocked country gets CloudFront's 403.
 */
final class BybitApi extends VenueBasics {

    static final String FUNDING_PATH = "/v5/market/funding/history";
    static final String INSTRUMENTS_PATH = "/v5/market/instruments-info";
    static final int RATE_LIMITED = 10006;
    /** Bybit's limits are counted per second or per minute: a longer reset is not believed. */
    static final Duration LONGEST_RESET_WAIT = Duration.ofMinutes(1);

    BybitApi() {
        // Weight limit: Bybit allows 600 requests per 5 s per IP; a tenth is plenty.
        super("bybit", "https://api.bybit.com",
                "wss://stream.bybit.com/v5/public/linear", 600, 200);
    }

    @Override
    public String perpetual(String symbol) {
        return Symbols.toExchangeSymbol(symbol);
    }

    @Override
    public RestRequest perpetualsRequest(String cursor) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("category", "linear");
        q.put("limit", "1000");
        if (cursor != null) {
            q.put("cursor", cursor);
        }
        return RestRequest.get(INSTRUMENTS_PATH, q, 1);
    }

    @Override
    public PerpetualPage perpetuals(String body) throws ExchangeResponseException {
        ExchangeJson json = new ExchangeJson("bybit instruments-info");
        JsonNode result = json.parse(body).path("result");
        if (!result.path("list").isArray()) {
            throw json.malformed("no array result.list", null);
        }
        List<ListedPerpetual> out = new ArrayList<>();
        for (JsonNode n : result.path("list")) {
            if ("LinearPerpetual".equals(n.path("contractType").asText())
                    && "Trading".equals(n.path("status").asText())) {
                out.add(new ListedPerpetual(json.text(n, "symbol"), json.text(n, "baseCoin"),
                        json.text(n, "quoteCoin"), BigDecimal.ONE));
            }
        }
        String next = result.path("nextPageCursor").asText("");
        return new PerpetualPage(out, next.isEmpty() ? null : next);
    }

    @Override
    public long fundingWindowMs() {
        return 199 * 3_600_000L;
    }

    @Override
    public RestRequest fundingRequest(String perpetual, long afterMs, long beforeMs) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("category", "linear");
        q.put("symbol", perpetual);
        q.put("startTime", Long.toString(afterMs + 1));
        q.put("endTime", Long.toString((beforeMs > 0 ? beforeMs : afterMs + fundingWindowMs())
                - 1));
        q.put("limit", Integer.toString(fundingLimit()));
        return RestRequest.get(FUNDING_PATH, q, 1);
    }

    @Override
    public List<FundingRow> fundingRows(String body, String perpetual)
            throws ExchangeResponseException {
        ExchangeJson json = new ExchangeJson("bybit funding history of " + perpetual);
        JsonNode list = json.parse(body).path("result").path("list");
        if (!list.isArray()) {
            throw json.malformed("no array result.list", null);
        }
        List<FundingRow> rows = new ArrayList<>();
        for (JsonNode n : list) {
            if (!perpetual.equals(json.text(n, "symbol"))) {
                throw json.malformed("a row for " + n.path("symbol").asText(), null);
            }
            rows.add(new FundingRow(json.millisText(n, "fundingRateTimestamp"),
                    json.decimal(n, "fundingRate"), null));
        }
        return VenueRows.oldestFirst(rows, json);
    }

    @Override
    public List<String> subscriptions(Collection<String> perpetuals) {
        // Bybit takes up to 10 topics per subscribe request.
        List<String> out = new ArrayList<>();
        List<String> topics = perpetuals.stream().sorted().map(p -> "\"allLiquidation." + p + "\"")
                .toList();
        for (int i = 0; i < topics.size(); i += 10) {
            out.add("{\"op\":\"subscribe\",\"args\":["
                    + String.join(",", topics.subList(i, Math.min(topics.size(), i + 10)))
                    + "]}");
        }
        return out;
    }

    @Override
    public String keepAlive() {
        return "{\"op\":\"ping\"}";
    }

    @Override
    public String refusedPerpetual(String message) {
        String refused = subscriptionError(message);
        int at = refused == null ? -1 : refused.indexOf("topic:allLiquidation.");
        if (at < 0) {
            return null;
        }
        String rest = refused.substring(at + "topic:allLiquidation.".length());
        int end = rest.indexOf(',');
        return (end < 0 ? rest : rest.substring(0, end)).trim();
    }

    @Override
    public boolean subscriptionConfirmed(String message) {
        JsonNode n = HttpDialect.json(message);
        return n != null && "subscribe".equals(n.path("op").asText())
                && n.path("success").asBoolean(false);
    }

    @Override
    public String subscriptionError(String message) {
        JsonNode n = HttpDialect.json(message);
        return n != null && "subscribe".equals(n.path("op").asText())
                && !n.path("success").asBoolean(true) ? n.path("ret_msg").asText("refused")
                : null;
    }

    @Override
    public List<Liquidation> liquidations(String message, Map<String, SpotPerpetual> perpetuals)
            throws ExchangeResponseException {
        ExchangeJson json = new ExchangeJson("bybit allLiquidation message");
        JsonNode root = json.parse(message);
        if (!root.path("topic").asText().startsWith("allLiquidation.")) {
            return List.of(); // subscription answers, pongs
        }
        List<Liquidation> out = new ArrayList<>();
        for (JsonNode d : root.path("data")) {
            String perpetual = json.text(d, "s");
            SpotPerpetual p = perpetuals.get(perpetual);
            if (p == null) {
                throw json.malformed("a liquidation of " + perpetual + ", not subscribed", null);
            }
            // Bybit's side is the liquidated position's: Buy = a long was liquidated, which
            // the model (Binance's convention) calls a forced SELL.
            OrderSide side = switch (json.text(d, "S")) {
                case "Buy" -> OrderSide.SELL;
                case "Sell" -> OrderSide.BUY;
                default -> throw json.malformed("side '" + d.get("S").asText()
                        + "' is neither Buy nor Sell", null);
            };
            out.add(json.valid(p.liquidation(id(), json.time(d, "T"), side,
                    json.decimal(d, "p"), BigDecimal.ZERO, json.decimal(d, "v"))));
        }
        return out;
    }

    @Override
    public ExchangeResponseException failureIn200(String where, String body, HttpHeaders headers) {
        JsonNode n = HttpDialect.json(body);
        if (n == null || !n.has("retCode") || n.path("retCode").asInt() == 0) {
            return null;
        }
        int code = n.path("retCode").asInt();
        String what = where + ": retCode " + code + " (" + n.path("retMsg").asText() + ")";
        if (code == RATE_LIMITED) {
            return new ExchangeResponseException(ExchangeResponseException.Kind.RATE_LIMITED,
                    what, 200, code, resetWait(headers, n, System.currentTimeMillis()), null);
        }
        return new ExchangeResponseException(ExchangeResponseException.Kind.REJECTED, what, 200,
                code, null, null);
    }

    /**
     * How long a 10006 asks to wait: until {@code X-Bapi-Limit-Reset-Timestamp} (epoch ms),
     * counted on Bybit's clock, the {@code time} of the same answer, where that is near the reset
     * (this machine's clock may run apart); else on this machine's. Without the header (it has
     * come without: pybit#340) a whole window of Bybit's per-second limits, 1 s. At most
     * {@link #LONGEST_RESET_WAIT}: a reset further off is not one of its windows.
     */
    static Duration resetWait(HttpHeaders headers, JsonNode body, long nowMs) {
        Long reset = headers.firstValue("X-Bapi-Limit-Reset-Timestamp")
                .map(HttpText::parseLongOrNull).orElse(null);
        if (reset == null) {
            return Duration.ofSeconds(1);
        }
        JsonNode time = body.path("time");
        long venueNow = time.isIntegralNumber()
                && Math.abs(reset - time.asLong()) <= LONGEST_RESET_WAIT.toMillis()
                ? time.asLong() : nowMs;
        return Duration.ofMillis(Math.min(LONGEST_RESET_WAIT.toMillis(),
                Math.max(0, reset - venueNow)));
    }

    @Override
    public ErrorText error(String body) {
        JsonNode n = HttpDialect.json(body);
        return n == null ? new ErrorText(null, null)
                : new ErrorText(n.path("retCode").asText(null), n.path("retMsg").asText(null));
    }
}
