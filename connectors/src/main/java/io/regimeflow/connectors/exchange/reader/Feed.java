package io.regimeflow.connectors.exchange.reader;

import io.regimeflow.connectors.exchange.config.ExchangeSourceSettings;
import io.regimeflow.connectors.exchange.http.ExchangeResponseException;
import io.regimeflow.connectors.exchange.http.HostGate;
import io.regimeflow.connectors.exchange.http.RetryPolicy;
import io.regimeflow.connectors.exchange.split.ExchangeSplit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One split's way of getting its records from the exchange. The split reader asks the feed that
 * is due next to poll; a feed never throws for what the exchange does (errors, bans, bad bodies):
 * it logs, counts, and schedules its next attempt ({@link #failed}).
 */
abstract class Feed {
    private static final Logger LOG = LoggerFactory.getLogger(Feed.class);

    /** A request the exchange refuses (an unknown symbol) is asked again this much later. */
    static final long REJECTED_RETRY_MS = 300_000L;
    /** Hosts that refused the region and were reported: one line, not one per symbol. */
    private static final Set<String> REGION_WARNED =
            ConcurrentHashMap.newKeySet();

    final ExchangeSplit split;
    final HostGate gate;
    final ExchangeSourceSettings settings;
    private final Counter rejected;
    long nextPollAt;
    /** Backoff for answers this feed could not read: its own, not its host's. */
    final RetryPolicy reads;
    /** When it was last polled (wall time); never: {@code Long.MIN_VALUE}. */
    long lastPolledAt = Long.MIN_VALUE;
    boolean finished;

    Feed(ExchangeSplit split, HostGate gate, ExchangeSourceSettings settings, MetricGroup metrics,
            long now) {
        this.split = split;
        this.gate = gate;
        this.reads = gate.newReadsPolicy();
        this.settings = settings;
        this.rejected = metrics.counter("rejectedRequests");
        this.nextPollAt = now;
    }

    String splitId() {
        return split.splitId();
    }

    /** The host it asks. */
    HostGate gate() {
        return gate;
    }

    /** The request weight of one poll. */
    abstract int weight();

    /**
     * Whether the split's records move event time. Those that do not (samples of the present,
     * settlements hours apart) are idle from the moment they are added, not from their first
     * poll, which a busy reader may reach late.
     */
    boolean holdsEventTime() {
        return false;
    }

    /**
     * What the split has to say at wall time {@code now} whether or not it is polled (a hold on
     * event time that has lasted too long); called at every fetch.
     */
    List<FeedElement> tick(long now) {
        return List.of();
    }

    /**
     * Asks the exchange for what is new at wall time {@code now}; sets {@link #nextPollAt} and
     * {@link #finished}.
     */
    abstract List<FeedElement> poll(long now) throws InterruptedException;

    /**
     * Schedules the next attempt after a failed poll (the gate has counted it against the host,
     * a body the feed could not read included); a refusal (a 4xx such as -1121) is logged with
     * {@code refusal}, which names what to check, and asked again in 5 minutes.
     */
    final void failed(ExchangeResponseException e, long now, String refusal) {
        if (e.kind() == ExchangeResponseException.Kind.REGION_REFUSED) {
            rejected.inc();
            nextPollAt = now + RetryPolicy.REGION_RETRY_MS;
            // A bounded run of history would otherwise wait an hour per retry to end.
            finished = settings.bounded();
            if (REGION_WARNED.add(gate.host())) {
                LOG.error("{}. Asking again hourly. ({})", refusal, e.getMessage());
            }
            return;
        }
        if (e.kind() == ExchangeResponseException.Kind.MALFORMED) {
            nextPollAt = Math.max(gate.readyAt(weight()), now + reads.waitBeforeRequest());
            return;
        }
        if (!e.retryable()) {
            rejected.inc();
            nextPollAt = now + REJECTED_RETRY_MS;
            // A bounded run of history ends without what the venue refuses, rather than never.
            finished = settings.bounded();
            LOG.error("{}: {}; {}", e.getMessage(), refusal, finished
                    ? "this run goes on without it" : "asking again in 5 minutes");
        } else {
            nextPollAt = gate.readyAt(weight());
        }
    }
}
