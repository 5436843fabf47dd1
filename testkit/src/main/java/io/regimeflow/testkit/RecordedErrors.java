package io.regimeflow.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Real error answers of the exchanges and webhook services, as quoted in public bug reports:
 * {@code shared/data/errors/http-error-bodies.json} (its {@code _about} and PROVENANCE.md say
 * where each comes from). Fakes answer with these bytes rather than bodies written from memory.
 */
public final class RecordedErrors {

    /** One recorded answer: its HTTP status and its body, verbatim. */
    public record Recorded(String id, int status, String body) {}

    private static Map<String, Recorded> byId;

    private RecordedErrors() {}

    /**
     * The recorded answer {@code id} (e.g. {@code binance-403-cloudfront-request-blocked-2018}).
     *
     * @throws IllegalArgumentException when there is no such entry, or it has no verbatim body or
     *     no status
     */
    public static synchronized Recorded get(String id) {
        if (byId == null) {
            byId = load();
        }
        Recorded r = byId.get(id);
        if (r == null) {
            throw new IllegalArgumentException("no recorded error '" + id + "' with a verbatim "
                    + "body and a status in shared/data/errors/http-error-bodies.json; known: "
                    + byId.keySet());
        }
        return r;
    }

    private static Map<String, Recorded> load() {
        try {
            JsonNode root = new ObjectMapper().readTree(BinanceKlineCsv.sharedData()
                    .resolve("errors").resolve("http-error-bodies.json").toFile());
            Map<String, Recorded> out = new HashMap<>();
            for (JsonNode e : root.path("entries")) {
                JsonNode body = e.path("body_verbatim");
                String status = e.path("http_status").asText("");
                if (body.isTextual() && status.matches("\\d{3}")) {
                    out.put(e.path("id").asText(), new Recorded(e.path("id").asText(),
                            Integer.parseInt(status), body.asText()));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
