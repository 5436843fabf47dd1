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

    /** One recorded answer: its HTTP status (0: the report did not show it) and its body. */
    public record Recorded(String id, int status, String body) {}

    private static Map<String, Recorded> byId;

    private RecordedErrors() {}

    /**
     * The recorded answer {@code id} (e.g. {@code binance-403-cloudfront-request-blocked-2018}).
     *
     * @throws IllegalArgumentException when there is no such entry with a verbatim body and a
     *     status
     */
    public static Recorded get(String id) {
        Recorded r = body(id);
        if (r.status() == 0) {
            throw new IllegalArgumentException("recorded error '" + id + "' has no HTTP status; "
                    + "give the one to answer with: get(id, status)");
        }
        return r;
    }

    /**
     * The recorded body {@code id}, answered with {@code status}: for a body whose report did not
     * show its status (the API documents it).
     */
    public static Recorded get(String id, int status) {
        return new Recorded(id, status, body(id).body());
    }

    private static synchronized Recorded body(String id) {
        if (byId == null) {
            byId = load();
        }
        Recorded r = byId.get(id);
        if (r == null) {
            throw new IllegalArgumentException("no recorded error '" + id + "' with a verbatim "
                    + "body in shared/data/errors/http-error-bodies.json; known: "
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
                if (body.isTextual()) {
                    out.put(e.path("id").asText(), new Recorded(e.path("id").asText(),
                            status.matches("\\d{3}") ? Integer.parseInt(status) : 0,
                            body.asText()));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
