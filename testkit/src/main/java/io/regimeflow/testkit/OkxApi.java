package io.regimeflow.testkit;

import io.regimeflow.model.FundingSettlement;
import io.regimeflow.testkit.FakeDerivativesVenues.Limit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * OKX v5 as {@link FakeDerivativesVenues} answers it: {@code /api/v5/public/instruments} (the
 * listed USDT swaps, a million SHIB a contract, and an inverse one) and
 * {@code /api/v5/public/funding-rate-history} with its inverted {@code before}/{@code after};
 * errors as {@code {"code":"51001",...}}, a refused region as its 403 with code 51155.
 */
final class OkxApi {

    private final PerpetualFunding funding;
    private final VenueRateLimits limits;

    OkxApi(PerpetualFunding funding, VenueRateLimits limits) {
        this.funding = funding;
        this.limits = limits;
    }

    VenueAnswer answer(String path, Map<String, String> q, boolean limited,
            boolean regionRefused) {
        if (regionRefused) {
            return new VenueAnswer(403, "{\"msg\":\"Due to local laws and regulations, our "
                    + "services are unavailable to residents of your country or region.\","
                    + "\"code\":\"51155\"}");
        }
        if (limited) {
            return limits.answer(Limit.OKX_50011, Map.of());
        }
        if (path.equals("/api/v5/public/instruments")) {
            return new VenueAnswer(200, instruments());
        }
        if (!path.equals("/api/v5/public/funding-rate-history")) {
            return new VenueAnswer(404, "{\"msg\":\"Not Found\",\"code\":\"404\"}");
        }
        String inst = q.getOrDefault("instId", "");
        NavigableMap<Long, FundingSettlement> all = funding.of("okx", inst);
        if (all == null) {
            return new VenueAnswer(200, "{\"code\":\"51001\",\"msg\":\"Instrument ID does not "
                    + "exist\",\"data\":[]}");
        }
        // 'before': newer than; 'after': older than (both exclusive).
        long newer = Long.parseLong(q.getOrDefault("before", "0"));
        long older = Long.parseLong(q.getOrDefault("after", Long.toString(Long.MAX_VALUE)));
        int n = Math.min(100, Integer.parseInt(q.getOrDefault("limit", "100")));
        List<String> rows = new ArrayList<>();
        for (FundingSettlement f : PerpetualFunding.newest(all, newer + 1, older - 1, n)) {
            String rate = f.fundingRate().toPlainString();
            rows.add("{\"fundingRate\":\"" + rate + "\",\"fundingTime\":\"" + f.fundingTime()
                    + "\",\"instId\":\"" + inst + "\",\"instType\":\"SWAP\",\"method\":"
                    + "\"current_period\",\"realizedRate\":\"" + rate + "\"}");
        }
        return new VenueAnswer(200, data(rows));
    }

    private String instruments() {
        List<String> rows = new ArrayList<>();
        for (String coin : funding.listed()) {
            rows.add(instrument(coin, "USDT", "linear",
                    VenueListings.okxContractValue(coin).toPlainString(), coin));
        }
        // An inverse swap: its contracts are worth USD, not coins.
        rows.add(instrument("BTC", "USD", "inverse", "100", "USD"));
        return data(rows);
    }

    /** OKX's success envelope around {@code rows}. */
    private static String data(List<String> rows) {
        return "{\"code\":\"0\",\"msg\":\"\",\"data\":[" + String.join(",", rows) + "]}";
    }

    private static String instrument(String coin, String quote, String type, String ctVal,
            String ctValCcy) {
        String family = coin + "-" + quote;
        return "{\"alias\":\"\",\"baseCcy\":\"\",\"category\":\"1\",\"ctMult\":\"1\","
                + "\"ctType\":\"" + type + "\",\"ctVal\":\"" + ctVal + "\",\"ctValCcy\":\""
                + ctValCcy + "\",\"expTime\":\"\",\"instFamily\":\"" + family + "\",\"instId\":\""
                + family + "-SWAP\",\"instType\":\"SWAP\",\"lever\":\"50\",\"listTime\":"
                + "\"1611916828000\",\"lotSz\":\"1\",\"maxMktSz\":\"10000\",\"minSz\":\"1\","
                + "\"optType\":\"\",\"quoteCcy\":\"\",\"settleCcy\":\""
                + (type.equals("inverse") ? coin : quote) + "\",\"state\":\"live\",\"stk\":\"\","
                + "\"tickSz\":\"0.0000001\",\"uly\":\"" + family + "\"}";
    }
}
