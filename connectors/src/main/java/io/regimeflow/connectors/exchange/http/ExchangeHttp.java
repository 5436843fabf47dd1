package io.regimeflow.connectors.exchange.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.StringJoiner;
import org.apache.flink.annotation.Internal;

/**
 * Requests to an exchange's REST API (Binance.US spot, or a derivatives venue, each with its own
 * {@link HttpDialect} of errors and headers), with every answer that is not a usable 200 turned
 * into a {@link ExchangeResponseException} that says what to do: wait (429, with Retry-After),
 * stop (418 ban), back off (5xx, timeouts), or give up
 * (4xx with a Binance error code such as -1121, invalid symbol). The base URL is a setting, so the
 * same code talks to the real hosts and to a fake on loopback.
 */
@Internal
public final class ExchangeHttp {

    /**
     * A usable answer, the request weight Binance reports as used in this minute, and the
     * exchange's clock when it answered: its {@code Date} header (RFC 1123, whole seconds, so at
     * most a second behind), in epoch milliseconds.
     */
    public record Response(String body, OptionalInt usedWeight1m, OptionalLong serverTimeMs) {}

    private final URI baseUrl;
    private final Duration timeout;
    private final HttpClient client;
    private final HttpDialect dialect;

    public ExchangeHttp(URI baseUrl, Duration timeout) {
        this(baseUrl, timeout, HttpDialect.BINANCE);
    }

    /** A client of another venue's REST API: its error bodies and headers per {@code dialect}. */
    public ExchangeHttp(URI baseUrl, Duration timeout, HttpDialect dialect) {
        this.baseUrl = baseUrl;
        this.timeout = timeout;
        this.dialect = dialect;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** Sends a venue request: a GET with its query, or a POST of its JSON body. */
    public Response send(RestRequest r) throws ExchangeResponseException, InterruptedException {
        return r.jsonBody() == null ? get(r.path(), r.query()) : post(r.path(), r.jsonBody());
    }

    /** Sends {@code POST path} with a JSON body (Hyperliquid's info API). */
    public Response post(String path, String jsonBody)
            throws ExchangeResponseException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri(path, Map.of())).timeout(timeout)
                .header("Accept", "application/json").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody)).build();
        return exchange("POST", path, request);
    }

    /**
     * Sends {@code GET path?params}.
     *
     * @throws ExchangeResponseException for anything but a 200
     * @throws InterruptedException when the task is being cancelled
     */
    public Response get(String path, Map<String, String> params)
            throws ExchangeResponseException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri(path, params)).timeout(timeout)
                .header("Accept", "application/json").GET().build();
        return exchange("GET", path, request);
    }

    private Response exchange(String method, String path, HttpRequest request)
            throws ExchangeResponseException, InterruptedException {
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ExchangeResponseException(ExchangeResponseException.Kind.UNAVAILABLE,
                    method + " " + path + " to " + baseUrl.getHost() + ": no answer ("
                            + noAnswerCause(e) + ")", 0, null, null, e);
        }
        int status = response.statusCode();
        OptionalInt weight = dialect.usedWeight(response.headers());
        String where = method + " " + path + " to " + baseUrl.getHost();
        if (status == 200) {
            ExchangeResponseException refused = dialect.failureIn200(where, response.body(),
                    response.headers());
            if (refused != null) {
                throw refused;
            }
            return new Response(response.body(), weight, serverTime(response));
        }
        Duration retryAfter = response.headers().firstValue("Retry-After")
                .map(HttpText::parseIntOrNull).filter(s -> s >= 0)
                .map(Duration::ofSeconds).orElse(null);
        HttpDialect.ErrorText error = dialect.error(response.body());
        String what = where + ": HTTP " + status
                + (error.code() != null ? " code " + error.code() : "") + " ("
                + (error.msg() != null ? error.msg() : response.body() == null
                        || response.body().isBlank() ? "no body"
                        : HttpText.snippet(response.body()))
                + ")";
        ExchangeResponseException.Kind kind;
        if (status == 429) {
            kind = ExchangeResponseException.Kind.RATE_LIMITED;
        } else if (status == 418) {
            kind = ExchangeResponseException.Kind.BANNED;
        } else if (status >= 500) {
            kind = ExchangeResponseException.Kind.UNAVAILABLE;
        } else if (dialect.regionRefused(status, response.body())) {
            kind = ExchangeResponseException.Kind.REGION_REFUSED;
        } else if (status == 403) {
            // Binance: "the WAF Limit (Web Application Firewall) has been violated"; CloudFront's
            // "Request blocked." page. A limit to wait out, not a refusal of the symbol.
            kind = ExchangeResponseException.Kind.RATE_LIMITED;
        } else {
            kind = ExchangeResponseException.Kind.REJECTED;
        }
        Integer code = error.code() == null ? null : HttpText.parseIntOrNull(error.code());
        if (kind == ExchangeResponseException.Kind.RATE_LIMITED) {
            retryAfter = dialect.rateLimitWait(status, retryAfter, response.headers(),
                    response.body());
        }
        throw new ExchangeResponseException(kind, what, status, code, retryAfter, null);
    }

    private URI uri(String path, Map<String, String> params) {
        StringJoiner query = new StringJoiner("&");
        params.forEach((k, v) -> query.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        String base = baseUrl.toString().replaceAll("/+$", "");
        return URI.create(base + path + (params.isEmpty() ? "" : "?" + query));
    }

    private static OptionalLong serverTime(HttpResponse<String> response) {
        try {
            return response.headers().firstValue("Date").map(d -> OptionalLong.of(
                    ZonedDateTime.parse(d, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()
                            .toEpochMilli())).orElse(OptionalLong.empty());
        } catch (DateTimeParseException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Why a host did not answer, in words a user can act on: the JDK's exceptions often carry no
     * message ({@code ConnectException: null}), and the cause sits a level or two down.
     */
    static String noAnswerCause(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            // Looked for first: the JDK wraps it in a ConnectException.
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return "host name not resolved";
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return "connection timed out";
            }
            if (t instanceof HttpTimeoutException) {
                return "no answer within the request timeout";
            }
            if (t instanceof ConnectException) {
                return "connection refused";
            }
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
