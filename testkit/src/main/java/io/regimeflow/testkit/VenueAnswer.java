package io.regimeflow.testkit;

import java.util.Map;

/** What {@link FakeDerivativesVenues} answers a request with: HTTP status, headers, body. */
record VenueAnswer(int status, Map<String, String> headers, String body) {

    /** An answer without headers of its own. */
    VenueAnswer(int status, String body) {
        this(status, Map.of(), body);
    }
}
