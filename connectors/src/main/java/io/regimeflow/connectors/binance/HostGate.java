package io.regimeflow.connectors.binance;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All requests of one reader to one host go through here: the weight budget, the retry policy
 * (backoff, Retry-After, the ban, the circuit breaker), the log lines and the metrics. Used from
 * the reader's fetch thread only.
 */
final class HostGate {
    private static final Logger LOG = LoggerFactory.getLogger(HostGate.class);

    private final String host;
    private final BinanceHttp http;
    private final WeightBudget budget;
    private final RetryPolicy retry;
    private final LongSupplier clock;
    private final Counter requests;
    private final Counter failures;
    private final Counter rateLimitWaits;
    private final Counter malformed;
    private final AtomicInteger usedWeight = new AtomicInteger();
    private volatile boolean banned;

    HostGate(BinanceHttp http, String host, WeightBudget budget, RetryPolicy retry,
            LongSupplier clock, MetricGroup metrics) {
        this.host = host;
        this.http = http;
        this.budget = budget;
        this.retry = retry;
        this.clock = clock;
        MetricGroup g = metrics.addGroup("host", host);
        requests = g.counter("requests");
        failures = g.counter("requestFailures");
        rateLimitWaits = g.counter("rateLimitWaits");
        malformed = g.counter("malformedResponses");
        g.gauge("usedWeight1m", usedWeight::get);
        g.gauge("banned", () -> banned ? 1 : 0);
    }

    String host() {
        return host;
    }

    /** See {@link WeightBudget#assumeSpent}. */
    void assumeMinuteSpent() {
        budget.assumeSpent(clock.getAsLong());
    }

    /** The earliest wall-clock time a request of {@code weight} may go out. */
    long readyAt(int weight) {
        long now = clock.getAsLong();
        return now + Math.max(retry.waitBeforeRequest(now), budget.delayFor(weight, now));
    }

    /** Reads an answer; throws MALFORMED when its body is not the expected layout. */
    @FunctionalInterface
    interface BodyReader<T> {
        T read(BinanceHttp.Response answer) throws BinanceResponseException;
    }

    /**
     * Sends a GET and reads its answer; as {@link #fetch(VenueRequest, BodyReader)}.
     */
    <T> T fetch(String path, Map<String, String> params, int weight, BodyReader<T> reader)
            throws BinanceResponseException, InterruptedException {
        return fetch(VenueRequest.get(path, params, weight), reader);
    }

    /**
     * Sends a venue request (a GET or a POST) and reads its body; the caller has waited for
     * {@link #readyAt}. A failure, an answer the reader cannot read included, is logged, counted
     * and fed to the retry policy before it is rethrown; the caller reschedules by
     * {@link #readyAt}. Only a body that was read counts as a success: an exchange answering 200
     * with bodies that cannot be read backs off and opens the circuit like one answering 500.
     */
    <T> T fetch(VenueRequest request, BodyReader<T> reader)
            throws BinanceResponseException, InterruptedException {
        BinanceHttp.Response r = send(request);
        T read;
        try {
            read = reader.read(r);
        } catch (BinanceResponseException e) {
            failed(e);
            throw e;
        }
        retry.onSuccess();
        banned = false;
        return read;
    }

    private BinanceHttp.Response send(VenueRequest request)
            throws BinanceResponseException, InterruptedException {
        long now = clock.getAsLong();
        budget.spend(request.weight(), now);
        requests.inc();
        try {
            BinanceHttp.Response r = http.send(request);
            r.usedWeight1m().ifPresent(w -> {
                budget.observe(w, clock.getAsLong());
                usedWeight.set(w);
            });
            return r;
        } catch (BinanceResponseException e) {
            failed(e);
            throw e;
        }
    }

    /**
     * Records a failed answer: one found by the HTTP layer, or a body the caller could not read
     * (MALFORMED). Rejections (a 4xx such as an unknown symbol) do not count against the host.
     */
    void failed(BinanceResponseException e) {
        failures.inc();
        if (!e.retryable()) {
            return;
        }
        long now = clock.getAsLong();
        long wait = retry.onFailure(e, now);
        switch (e.kind()) {
            case BANNED -> {
                banned = true;
                LOG.error("BANNED by {}: no request to it until {} ({}). Lower "
                                + "binance.weight-share or the number of symbols, and check that "
                                + "nothing else on this IP uses the API.", host,
                        Instant.ofEpochMilli(retry.bannedUntil()), e.getMessage());
            }
            case RATE_LIMITED -> {
                rateLimitWaits.inc();
                LOG.warn("{}; waiting {} ms before the next request to {}", e.getMessage(), wait,
                        host);
            }
            case MALFORMED -> {
                malformed.inc();
                LOG.warn("{}; nothing of it emitted, asking again in {} ms", e.getMessage(), wait);
            }
            default -> LOG.warn("{}; retrying in {} ms{}", e.getMessage(), wait,
                    retry.circuitOpen(now) ? " (circuit open: too many failures in a row)" : "");
        }
    }
}
