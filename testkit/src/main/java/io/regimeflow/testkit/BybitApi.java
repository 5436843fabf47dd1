package io.regimeflow.testkit;

import io.regimeflow.model.FundingSettlement;
import io.regimeflow.testkit.FakeDerivativesVenues.Limit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * Bybit v5 as {@link FakeDerivativesVenues} answers it: {@code /v5/market/funding/history}
 * (newest first, both ends needed) and {@code /v5/market/instruments-info} (in pages with
 * {@code nextPageCursor}); errors are HTTP 200 with a {@code retCode}, every answer carries the
 * {@code X-Bapi-Limit*} headers, and a refused region is CloudFront's 403.
 */
final class BybitApi {

    private final PerpetualFunding funding;
    private final VenueRateLimits limits;
    private final List<Long> resets = Collections.synchronizedList(new ArrayList<>());
    private volatile long resetInMs = 1000;
    private volatile int instrumentsPageSize = 1000;

    BybitApi(PerpetualFunding funding, VenueRateLimits limits) {
        this.funding = funding;
        this.limits = limits;
    }

    /** How far ahead a limited answer's {@code X-Bapi-Limit-Reset-Timestamp} is, ms. */
    void resetIn(long ms) {
        resetInMs = ms;
    }

    /** The reset timestamps the limited answers carried, in order. */
    List<Long> resets() {
        synchronized (resets) {
            return List.copyOf(resets);
        }
    }

    /** At most this many instruments a page (Bybit allows up to 1000). */
    void instrumentsPageSize(int n) {
        instrumentsPageSize = n;
    }

    VenueAnswer answer(String path, Map<String, String> q, boolean limited,
            boolean regionRefused) {
        if (regionRefused) {
            // Bybit sits behind CloudFront, which refuses a blocked country itself.
            return new VenueAnswer(403, Map.of("X-Cache", "Error from cloudfront"),
                    "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\"><HTML>"
                    + "<HEAD><TITLE>ERROR: The request could not be satisfied</TITLE></HEAD>"
                    + "<BODY><H1>403 ERROR</H1><H2>The request could not be satisfied.</H2>"
                    + "<HR noshade size=\"1px\">The Amazon CloudFront distribution is "
                    + "configured to block access from your country.</BODY></HTML>");
        }
        // Not limited, the reset timestamp is the current time (Bybit's docs).
        long reset = System.currentTimeMillis() + (limited ? resetInMs : 0);
        Map<String, String> limit = Map.of("X-Bapi-Limit", "600", "X-Bapi-Limit-Status",
                limited ? "0" : "599", "X-Bapi-Limit-Reset-Timestamp", Long.toString(reset));
        if (limited) {
            if (limits.asked() == Limit.BYBIT_10006_WITHOUT_RESET) {
                return limits.answer(Limit.BYBIT_10006, Map.of());
            }
            resets.add(reset);
            return limits.answer(Limit.BYBIT_10006, limit);
        }
        if (path.equals("/v5/market/instruments-info")) {
            return new VenueAnswer(200, limit, instruments(q));
        }
        if (!path.equals("/v5/market/funding/history")) {
            return new VenueAnswer(404, "{}");
        }
        return new VenueAnswer(200, limit, fundingHistory(q));
    }

    private String fundingHistory(Map<String, String> q) {
        String symbol = q.get("symbol");
        if (!"linear".equals(q.get("category"))) {
            return error(10001, "params error: category is invalid");
        }
        if (q.containsKey("startTime") && !q.containsKey("endTime")) {
            return error(10001, "params error: endTime is required when startTime is given");
        }
        NavigableMap<Long, FundingSettlement> all = funding.of("bybit", symbol);
        if (all == null) {
            return error(10001, "params error: symbol invalid");
        }
        RangeQuery range = RangeQuery.of(q, 200, 200);
        List<String> rows = new ArrayList<>();
        for (FundingSettlement f : PerpetualFunding.newest(all, range.start(), range.end(),
                range.limit())) {
            rows.add("{\"symbol\":\"" + symbol + "\",\"fundingRate\":\""
                    + f.fundingRate().toPlainString() + "\",\"fundingRateTimestamp\":\""
                    + f.fundingTime() + "\"}");
        }
        return "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"category\":\"linear\",\"list\":["
                + String.join(",", rows) + "]},\"retExtInfo\":{},\"time\":"
                + System.currentTimeMillis() + "}";
    }

    /**
     * {@code /v5/market/instruments-info?category=linear}: the listed perpetuals, a USDC
     * perpetual, a dated future and one still to launch (the last three are no USDT perpetual),
     * {@link #instrumentsPageSize} a page.
     */
    private String instruments(Map<String, String> q) {
        List<String> rows = new ArrayList<>();
        for (String coin : funding.listed()) {
            rows.add(instrument(VenueListings.perpetual("bybit", coin),
                    "LinearPerpetual", "Trading", VenueListings.base("bybit", coin), "USDT"));
        }
        rows.add(instrument("BTCPERP", "LinearPerpetual", "Trading", "BTC", "USDC"));
        rows.add(instrument("BTCUSDT-26DEC25", "LinearFutures", "Trading", "BTC", "USDT"));
        rows.add(instrument("NEWCOINUSDT", "LinearPerpetual", "PreLaunch", "NEWCOIN", "USDT"));
        int from = Integer.parseInt(q.getOrDefault("cursor", "0:").split(":")[0]);
        int size = Math.min(instrumentsPageSize, Integer.parseInt(q.getOrDefault("limit",
                "500")));
        int to = Math.min(rows.size(), from + size);
        String next = to < rows.size() ? to + ":" + Long.toHexString(System.nanoTime()) : "";
        return "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"category\":\"linear\",\"list\":["
                + String.join(",", rows.subList(from, to)) + "],\"nextPageCursor\":\"" + next
                + "\"},\"retExtInfo\":{},\"time\":" + System.currentTimeMillis() + "}";
    }

    private static String instrument(String symbol, String type, String status,
            String base, String quote) {
        return "{\"symbol\":\"" + symbol + "\",\"contractType\":\"" + type + "\",\"status\":\""
                + status + "\",\"baseCoin\":\"" + base + "\",\"quoteCoin\":\"" + quote
                + "\",\"launchTime\":\"1585526400000\",\"deliveryTime\":\"0\","
                + "\"deliveryFeeRate\":\"\",\"priceScale\":\"7\",\"leverageFilter\":"
                + "{\"minLeverage\":\"1\",\"maxLeverage\":\"25.00\",\"leverageStep\":\"0.01\"},"
                + "\"priceFilter\":{\"minPrice\":\"0.0000010\",\"maxPrice\":\"19.9999980\","
                + "\"tickSize\":\"0.0000010\"},\"lotSizeFilter\":{\"maxOrderQty\":\"100000000\","
                + "\"minOrderQty\":\"100\",\"qtyStep\":\"100\"},\"unifiedMarginTrade\":true,"
                + "\"fundingInterval\":480,\"settleCoin\":\"" + quote + "\"}";
    }

    private static String error(int code, String msg) {
        return "{\"retCode\":" + code + ",\"retMsg\":\"" + msg + "\",\"result\":{},"
                + "\"retExtInfo\":{},\"time\":" + System.currentTimeMillis() + "}";
    }
}
