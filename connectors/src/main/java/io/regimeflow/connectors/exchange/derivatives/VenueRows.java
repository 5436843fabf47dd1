package io.regimeflow.connectors.exchange.derivatives;

import io.regimeflow.connectors.exchange.http.ExchangeJson;
import io.regimeflow.connectors.exchange.http.ExchangeResponseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Funding rows put in time order, identical duplicates dropped (an answer may repeat a row),
 * two different rows for one settlement refused.
 */
final class VenueRows {
    private VenueRows() {}

    static List<VenueApi.FundingRow> oldestFirst(List<VenueApi.FundingRow> rows, ExchangeJson json)
            throws ExchangeResponseException {
        List<VenueApi.FundingRow> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingLong(VenueApi.FundingRow::time));
        List<VenueApi.FundingRow> out = new ArrayList<>(sorted.size());
        for (VenueApi.FundingRow r : sorted) {
            VenueApi.FundingRow last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.time() == r.time()) {
                if (!last.equals(r)) {
                    throw json.malformed("two different rows for the settlement at " + r.time(),
                            null);
                }
                continue;
            }
            out.add(r);
        }
        return out;
    }
}
