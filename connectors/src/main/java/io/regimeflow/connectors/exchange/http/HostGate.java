package io.regimeflow.connectors.exchange.http;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All requests of one reader to one host go through here: the weight budget, the retry policy
 * (backoff, Retry-After, the ban, the circuit breaker), the log lines and the metrics. Used from
 * the reader's fetch thread only.
 */
@Internal
public final class HostGate {
    private static final Logger LOG = LoggerFactory.getLogger(HostGate.class);

    private final String host;
    private final ExchangeHttp http;
    private final WeightBudget budget;
    private final RetryPolicy retry;
    private final LongSupplier clock;
    private final Counter requests;
    private final Counter failures;
    private final Counter rateLimitWaits;
    private final Counter malformed;
    private final AtomicInteger usedWeight = new AtomicInteger();
    private volatile boolean banned;
    /** Since when the host has given no answer at all (no HTTP status); 0 while it answers. */
    private volatile long silentSince;
    /** Until when the host asked this reader to wait (a rate limit, a ban), wall ms. */
    private volatile long askedToWaitUntil;
    /** When the host last answered with any HTTP status (wall ms); 0: never. */
    private volatile long lastAnsweredAt;
    /** Why the host last gave no answer, as said in the log. */
    private volatile String silence = "";

    public HostGate(ExchangeHttp http, String host, WeightBudget budget, RetryPolicy retry,
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
        g.gauge("noAnswerMs", () -> silentSince == 0 ? 0L : clock.getAsLong() - silentSince);
    }

    public String host() {
        return host;
    }

    /** When the host last answered with any HTTP status, a refusal or a limit included. */
    public long lastAnsweredAt() {
        return lastAnsweredAt;
    }

    /**
     * Whether the reader is waiting because the host asked it to (Retry-After, a ban, a
     * venue's limit reset), as opposed to backing off after failures or silence.
     */
    public boolean askedToWait(long now) {
        return askedToWaitUntil > now;
    }

    /** How long the host has given no answer at all (no HTTP status); 0 while it answers. */
    public long silentForMs(long now) {
        long since = silentSince;
        return since == 0 ? 0 : now - since;
    }

    /** The last failure without an answer: "GET /api/v3/klines to host: connection refused". */
    public String silence() {
        return silence;
    }

    /**
     * A new policy for one caller's unreadable answers (its own backoff and circuit, on this
     * gate's clock): see {@link #fetch(RestRequest, BodyReader, RetryPolicy)}.
     */
    public RetryPolicy newReadsPolicy() {
        return RetryPolicy.defaults(clock);
    }

    /** See {@link WeightBudget#assumeSpent}. */
    public void assumeMinuteSpent() {
        budget.assumeSpent(clock.getAsLong());
    }

    /** The earliest wall-clock time a request of {@code weight} may go out. */
    public long readyAt(int weight) {
        long now = clock.getAsLong();
        return now + Math.max(retry.waitBeforeRequest(), budget.delayFor(weight, now));
    }

    /** Reads an answer; throws MALFORMED when its body is not the expected layout. */
    @FunctionalInterface
    public interface BodyReader<T> {
        T read(ExchangeHttp.Response answer) throws ExchangeResponseException;
    }

    /**
     * Sends a GET and reads its answer; as {@link #fetch(RestRequest, BodyReader, RetryPolicy)}.
     */
    public <T> T fetch(String path, Map<String, String> params, int weight, BodyReader<T> reader,
            RetryPolicy reads) throws ExchangeResponseException, InterruptedException {
        return fetch(RestRequest.get(path, params, weight), reader, reads);
    }

    /**
     * Sends a venue request (a GET or a POST) and reads its body; the caller has waited for
     * {@link #readyAt}. A failure of the host (an error status, no answer) is logged, counted and
     * fed to the host's retry policy; an answer the reader cannot read is logged, counted and fed
     * to {@code reads}, the caller's own: one symbol's bad pages back that symbol off (its
     * requests wait for {@code reads}, and its circuit opens), not every symbol on the host. Only
     * a body that was read resets {@code reads}.
     */
    public <T> T fetch(RestRequest request, BodyReader<T> reader, RetryPolicy reads)
            throws ExchangeResponseException, InterruptedException {
        ExchangeHttp.Response r = send(request);
        retry.onSuccess();
        banned = false;
        T read;
        try {
            read = reader.read(r);
        } catch (ExchangeResponseException e) {
            failures.inc();
            malformed.inc();
            LOG.warn("{}; nothing of it emitted, asking again in {} ms", e.getMessage(),
                    reads.onFailure(e));
            throw e;
        }
        reads.onSuccess();
        return read;
    }

    private ExchangeHttp.Response send(RestRequest request)
            throws ExchangeResponseException, InterruptedException {
        long now = clock.getAsLong();
        budget.spend(request.weight(), now);
        requests.inc();
        try {
            ExchangeHttp.Response r = http.send(request);
            answered();
            r.usedWeight1m().ifPresent(w -> {
                budget.observe(w, clock.getAsLong());
                usedWeight.set(w);
            });
            return r;
        } catch (ExchangeResponseException e) {
            failed(e);
            throw e;
        }
    }

    /** The host answered (any status): if it had gone silent, say that it is back. */
    private void answered() {
        lastAnsweredAt = clock.getAsLong();
        long since = silentSince;
        if (since != 0) {
            silentSince = 0;
            LOG.info("{} answers again, after {} s without an answer", host,
                    (clock.getAsLong() - since) / 1000);
        }
    }

    /**
     * Records a failed answer of the HTTP layer. Rejections (a 4xx such as an unknown symbol) do
     * not count against the host.
     */
    private void failed(ExchangeResponseException e) {
        failures.inc();
        if (e.status() != 0) {
            answered();
        }
        if (!e.retryable()) {
            return;
        }
        long now = clock.getAsLong();
        long wait = retry.onFailure(e);
        if (e.kind() == ExchangeResponseException.Kind.RATE_LIMITED
                || e.kind() == ExchangeResponseException.Kind.BANNED) {
            askedToWaitUntil = Math.max(askedToWaitUntil, now + wait);
        }
        if (e.status() == 0) {
            silence = e.getMessage();
            // No answer at all: said once when it starts and once when it ends, not at every
            // retry (a dead host would fill the log and say nothing new).
            if (silentSince == 0) {
                silentSince = now;
                LOG.error("{}; asking again with backoff (this is said again when {} answers)",
                        e.getMessage(), host);
            } else {
                LOG.debug("{}; retrying in {} ms", e.getMessage(), wait);
            }
            return;
        }
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
            default -> LOG.warn("{}; retrying in {} ms{}", e.getMessage(), wait,
                    retry.circuitOpen() ? " (circuit open: too many failures in a row)" : "");
        }
    }
}
