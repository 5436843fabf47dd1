package io.regimeflow.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.regimeflow.model.FundingSettlement;
import io.regimeflow.testkit.FakeDerivativesVenues.Limit;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * Hyperliquid's {@code POST /info} as {@link FakeDerivativesVenues} answers it:
 * {@code fundingHistory} (hourly rates, oldest first, 500 at most) and {@code meta} (the listed
 * perpetuals and one delisted); a body it cannot read is a plain-text 422, a coin it lacks
 * {@code null}.
 */
final class HyperliquidApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PerpetualFunding funding;
    private final VenueRateLimits limits;

    HyperliquidApi(PerpetualFunding funding, VenueRateLimits limits) {
        this.funding = funding;
        this.limits = limits;
    }

    VenueAnswer answer(String body, boolean limited, boolean regionRefused) {
        if (regionRefused) {
            return new VenueAnswer(403, "{\"error\":\"Access from a restricted jurisdiction "
                    + "is not permitted\"}");
        }
        if (limited) {
            return limits.answer(Limit.HYPERLIQUID_429, Map.of());
        }
        JsonNode req;
        try {
            req = JSON.readTree(body);
        } catch (IOException e) {
            req = null;
        }
        if (req != null && "meta".equals(req.path("type").asText())) {
            return new VenueAnswer(200, meta());
        }
        if (req == null || !"fundingHistory".equals(req.path("type").asText())
                || !req.path("coin").isTextual() || !req.path("startTime").isIntegralNumber()) {
            return new VenueAnswer(422, "Failed to deserialize the JSON body into the "
                    + "target type");
        }
        String coin = req.get("coin").asText();
        NavigableMap<Long, FundingSettlement> all = funding.of("hyperliquid", coin);
        if (all == null) {
            return new VenueAnswer(200, "null"); // what it answers for a coin it lacks
        }
        long start = req.get("startTime").asLong();
        long end = req.path("endTime").asLong(Long.MAX_VALUE);
        long now = System.currentTimeMillis();
        List<String> rows = new ArrayList<>();
        for (FundingSettlement f : all.subMap(start, true, end, true).values()) {
            if (rows.size() == 500 || f.fundingTime() > now) {
                break;
            }
            // Hyperliquid quotes the hourly rate; its premium is a number of its own.
            rows.add("{\"coin\":\"" + coin + "\",\"fundingRate\":\""
                    + f.fundingRate().toPlainString() + "\",\"premium\":\""
                    + f.fundingRate().subtract(new BigDecimal("0.0000125"))
                            .setScale(10, RoundingMode.HALF_UP).toPlainString()
                    + "\",\"time\":" + f.fundingTime() + "}");
        }
        return new VenueAnswer(200, "[" + String.join(",", rows) + "]");
    }

    /**
     * {@code {"type":"meta"}}: the listed perpetuals in Hyperliquid's layout (numbers as
     * numbers), and one it no longer trades ({@code isDelisted}).
     */
    private String meta() {
        List<String> universe = new ArrayList<>();
        int table = 50;
        for (String coin : funding.listed()) {
            universe.add("{\"szDecimals\":" + (coin.equals("BTC") ? 5 : 0) + ",\"name\":\""
                    + VenueListings.perpetual("hyperliquid", coin) + "\",\"maxLeverage\":"
                    + (coin.equals("BTC") ? 40 : 10) + ",\"marginTableId\":" + table++ + "}");
        }
        universe.add("{\"szDecimals\":1,\"name\":\"OLDCOIN\",\"maxLeverage\":3,"
                + "\"marginTableId\":3,\"isDelisted\":true}");
        return "{\"universe\":[" + String.join(",", universe) + "],\"marginTables\":[],"
                + "\"collateralToken\":0}";
    }
}
