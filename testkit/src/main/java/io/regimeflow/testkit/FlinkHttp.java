package io.regimeflow.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The HTTP endpoints of a {@link StandaloneFlinkCluster} as a client sees them: the
 * JobManager's REST API and each process's Prometheus reporter.
 */
final class FlinkHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI rest;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).build();

    FlinkHttp(URI rest) {
        this.rest = rest;
    }

    URI rest() {
        return rest;
    }

    /**
     * GET {@code path} on the REST API, its JSON body.
     *
     * @throws IllegalStateException on any status but 200
     * @throws UncheckedIOException when the request fails
     */
    JsonNode get(String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(rest.resolve(path))
                    .timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + r.statusCode()
                        + ": " + r.body());
            }
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The text exposition of every Prometheus reporter on a port of [{@code first},
     * {@code last}] that answers, concatenated; ports without one are skipped.
     */
    String scrapePrometheus(int first, int last) {
        StringBuilder all = new StringBuilder();
        for (int port = first; port <= last; port++) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/metrics"))
                        .timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    all.append(r.body());
                }
            } catch (IOException e) {
                // No reporter on this port.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return all.toString();
    }
}
