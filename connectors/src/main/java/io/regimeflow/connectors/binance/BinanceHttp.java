package io.regimeflow.connectors.binance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.StringJoiner;

/**
 * GET requests to a Binance REST API (Binance.US spot, or USD-M futures: same conventions), with
 * every answer that is not a usable 200 turned into a {@link BinanceResponseException} that says
 * what to do: wait (429, with Retry-After), stop (418 ban), back off (5xx, timeouts), or give up
 * (4xx with a Binance error code such as -1121, invalid symbol). The base URL is a setting, so the
 * same code talks to the real hosts and to a fake on loopback.
 */
public final class BinanceHttp {

    /** A usable answer and the request weight Binance reports as used in this minute. */
    public record Response(String body, OptionalInt usedWeight1m) {}

    static final String USED_WEIGHT_HEADER = "X-MBX-USED-WEIGHT-1M";

    private final URI baseUrl;
    private final Duration timeout;
    private final HttpClient client;

    public BinanceHttp(URI baseUrl, Duration timeout) {
        this.baseUrl = baseUrl;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /**
     * Sends {@code GET path?params}.
     *
     * @throws BinanceResponseException for anything but a 200
     * @throws InterruptedException when the task is being cancelled
     */
    public Response get(String path, Map<String, String> params)
            throws BinanceResponseException, InterruptedException {
        URI uri = uri(path, params);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Accept", "application/json").GET().build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new BinanceResponseException(BinanceResponseException.Kind.UNAVAILABLE,
                    "GET " + path + " to " + baseUrl.getHost() + ": no answer ("
                            + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", 0, null,
                    null, e);
        }
        int status = response.statusCode();
        OptionalInt weight = response.headers().firstValue(USED_WEIGHT_HEADER)
                .map(v -> parseIntOrNull(v)).map(OptionalInt::of).orElse(OptionalInt.empty());
        if (status == 200) {
            return new Response(response.body(), weight);
        }
        Duration retryAfter = response.headers().firstValue("Retry-After")
                .map(BinanceHttp::parseIntOrNull).filter(s -> s >= 0)
                .map(Duration::ofSeconds).orElse(null);
        JsonNode error = errorBody(response.body());
        Integer code = error != null && error.path("code").isInt() ? error.get("code").asInt()
                : null;
        String msg = error != null && error.path("msg").isTextual() ? error.get("msg").asText()
                : snippet(response.body());
        String what = "GET " + path + " to " + baseUrl.getHost() + ": HTTP " + status
                + (code != null ? " code " + code : "") + " (" + msg + ")";
        BinanceResponseException.Kind kind;
        if (status == 429) {
            kind = BinanceResponseException.Kind.RATE_LIMITED;
        } else if (status == 418) {
            kind = BinanceResponseException.Kind.BANNED;
        } else if (status >= 500) {
            kind = BinanceResponseException.Kind.UNAVAILABLE;
        } else {
            kind = BinanceResponseException.Kind.REJECTED;
        }
        throw new BinanceResponseException(kind, what, status, code, retryAfter, null);
    }

    private URI uri(String path, Map<String, String> params) {
        StringJoiner query = new StringJoiner("&");
        params.forEach((k, v) -> query.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        String base = baseUrl.toString().replaceAll("/+$", "");
        return URI.create(base + path + (params.isEmpty() ? "" : "?" + query));
    }

    private static Integer parseIntOrNull(String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static JsonNode errorBody(String body) {
        try {
            JsonNode n = JsonMapper.builder().build().readTree(body);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String snippet(String body) {
        String oneLine = body == null ? "" : body.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 120 ? oneLine.substring(0, 120) + "..." : oneLine;
    }
}
