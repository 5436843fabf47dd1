package io.regimeflow.connectors.exchange.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalInt;
import org.apache.flink.annotation.Internal;

/**
 * How a venue's REST API says what went wrong: where its error code and text are in a body,
 * whether a 200 can carry an error (Bybit's {@code retCode}, OKX's {@code code}), which header
 * reports the weight used, and how it refuses a region. Binance's conventions are the default.
 */
@Internal
public interface HttpDialect {

    /** Binance's header with the request weight the IP used in the current minute. */
    String USED_WEIGHT_HEADER = "X-MBX-USED-WEIGHT-1M";

    /** Binance (spot and USD-M): {@code {"code":-1121,"msg":"Invalid symbol."}}. */
    HttpDialect BINANCE = new HttpDialect() {};

    /** A venue's error code and message, either null when the body has none. */
    record ErrorText(String code, String msg) {}

    /** The weight the venue reports as used this minute, where it reports one. */
    default OptionalInt usedWeight(HttpHeaders headers) {
        return headers.firstValue(USED_WEIGHT_HEADER).map(HttpText::parseIntOrNull)
                .map(OptionalInt::of).orElse(OptionalInt.empty());
    }

    /** The code and message of an error body. */
    default ErrorText error(String body) {
        JsonNode n = json(body);
        if (n == null) {
            return new ErrorText(null, null);
        }
        return new ErrorText(n.path("code").isValueNode() ? n.get("code").asText() : null,
                n.path("msg").isTextual() ? n.get("msg").asText() : null);
    }

    /**
     * How long a rate-limit answer (HTTP 429, or a 403 that is a limit) asks the client to wait
     * before its next request to the host: by default what {@code Retry-After} says (Binance),
     * null when it says nothing (the retry policy's backoff then decides).
     *
     * @param retryAfter the answer's {@code Retry-After}, or null
     */
    default Duration rateLimitWait(int status, Duration retryAfter, HttpHeaders headers,
            String body) {
        return retryAfter;
    }

    /** The failure a 200 answer reports in its body, or null for a real success. */
    default ExchangeResponseException failureIn200(String where, String body, HttpHeaders headers) {
        return null;
    }

    /**
     * Whether a 4xx says the venue refuses this region: always for 451 (Binance's "restricted
     * location"); for 403 when the body says so (CloudFront's country block, a "region" text).
     */
    default boolean regionRefused(int status, String body) {
        if (status == 451) {
            return true;
        }
        if (status != 403 || body == null) {
            return false;
        }
        String b = body.toLowerCase(Locale.ROOT);
        return b.contains("country") || b.contains("region") || b.contains("restricted location")
                || b.contains("jurisdiction");
    }

    /** The body as JSON, or null when it is not a JSON object. */
    static JsonNode json(String body) {
        try {
            JsonNode n = ExchangeJson.MAPPER.readTree(body == null ? "" : body);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }
}
