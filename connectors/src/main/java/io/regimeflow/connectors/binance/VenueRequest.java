package io.regimeflow.connectors.binance;

import java.util.Map;

/**
 * One REST request to a venue: a GET with a query, or (with a JSON body) a POST.
 *
 * @param weight what it costs against the venue's per-minute budget
 */
public record VenueRequest(String path, Map<String, String> query, String jsonBody, int weight) {

    public static VenueRequest get(String path, Map<String, String> query, int weight) {
        return new VenueRequest(path, query, null, weight);
    }

    public static VenueRequest post(String path, String jsonBody, int weight) {
        return new VenueRequest(path, Map.of(), jsonBody, weight);
    }
}
