package io.regimeflow.connectors.exchange.http;

import java.util.Map;
import org.apache.flink.annotation.Internal;

/**
 * One REST request to a venue: a GET with a query, or (with a JSON body) a POST.
 *
 * @param weight what it costs against the venue's per-minute budget
 */
@Internal
public record RestRequest(String path, Map<String, String> query, String jsonBody, int weight) {

    public static RestRequest get(String path, Map<String, String> query, int weight) {
        return new RestRequest(path, query, null, weight);
    }

    public static RestRequest post(String path, String jsonBody, int weight) {
        return new RestRequest(path, Map.of(), jsonBody, weight);
    }
}
