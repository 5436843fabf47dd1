package io.regimeflow.job;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * Where the dashboard sinks send and what the hub gets first on every connection.
 *
 * @param ingest the hub's ingest URL
 * @param greeting messages the hub gets first on every connection (the source, the derivatives
 *     venue's state)
 */
record DashboardFeed(URI ingest, List<String> greeting) {
    DashboardFeed {
        Objects.requireNonNull(ingest, "ingest");
        greeting = List.copyOf(greeting);
    }
}
