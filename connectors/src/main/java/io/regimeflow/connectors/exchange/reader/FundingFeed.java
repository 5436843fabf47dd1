package io.regimeflow.connectors.exchange.reader;

import io.regimeflow.connectors.exchange.config.ExchangeSourceSettings;
import io.regimeflow.connectors.exchange.derivatives.BinanceFunding;
import io.regimeflow.connectors.exchange.derivatives.DerivativesVenue;
import io.regimeflow.connectors.exchange.derivatives.SpotPerpetual;
import io.regimeflow.connectors.exchange.derivatives.VenueApi;
import io.regimeflow.connectors.exchange.http.ExchangeResponseException;
import io.regimeflow.connectors.exchange.http.HostGate;
import io.regimeflow.connectors.exchange.split.ExchangeSplit;
import io.regimeflow.model.FundingSettlement;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A perpetual's funding settlements from the derivatives venue: the history from the start, then
 * whatever is new at each poll. Venues that answer newest first are read a time window at a time
 * ({@link VenueApi#fundingWindowMs()}), so no page can hide settlements.
 *
 * <p>While it reads history the split holds event time (from the moment it is added, at the last
 * settlement emitted): a settlement of the past must reach the snapshot of its hour, which the
 * candles of the other splits would otherwise close before it is read, as the requests happen to
 * be answered. Once an answer reaches the present the split is idle (settlements are hours apart:
 * a new one must not hold back the hourly snapshots); one published after its hour's snapshot
 * goes into the next one. A venue that refuses the funding, or gives no answer for
 * {@code quietAfterMs}, stops the hold too (said once), so that the spot analyses go on; a
 * bounded run ends the split's event time when it has read its range.
 */
final class FundingFeed extends Feed {
    private static final Logger LOG = LoggerFactory.getLogger(FundingFeed.class);

    /** An empty window ending longer ago than this is passed over; a newer one is asked again. */
    static final long PUBLISH_GRACE_MS = 3_600_000L;

    private final VenueApi venue;
    private final SpotPerpetual perpetual;
    private long cursor;
    private long previous;
    /** Whether the split still holds back event time: it has history to read. */
    private boolean holding = true;
    /** Wall time of the venue's last funding answer read, or of the split's start. */
    private long answeredAt;

    /**
     * @param perpetual the venue's perpetual of the split's symbol, from its list: its name is
     *     asked for, its multiplier puts mark prices per coin
     */
    FundingFeed(ExchangeSplit split, HostGate gate, VenueApi venue, SpotPerpetual perpetual,
            ExchangeSourceSettings settings, MetricGroup metrics, long now) {
        super(split, gate, settings, metrics, now);
        this.venue = venue;
        this.perpetual = perpetual;
        this.cursor = split.position();
        this.previous = split.previous();
        this.answeredAt = now;
    }

    /** Its history is part of event time: held from the start, see the class comment. */
    @Override
    boolean holdsEventTime() {
        return true;
    }

    @Override
    List<FeedElement> tick(long now) {
        // Any answer of the host counts, a rate limit's too: only silence ends the hold (a
        // venue that asks for a minute's wait is not a venue that is gone).
        if (!holding || finished) {
            return List.of();
        }
        if (gate.askedToWait(now)) {
            // Waiting as the venue asked: the quiet time counts from the end of the wait.
            answeredAt = now;
            return List.of();
        }
        long heard = Math.max(answeredAt, gate.lastAnsweredAt());
        if (now - heard < settings.quietAfter().toMillis()) {
            return List.of();
        }
        holding = false;
        LOG.warn("funding of {}: no answer from {} for {} s; it no longer holds back event time "
                + "(settlements read later go into later snapshots)", split.symbol(),
                gate.host(), (now - heard) / 1000);
        return List.of(FeedElement.idleness());
    }

    @Override
    int weight() {
        return venue.fundingRequest(perpetual.name(), cursor, 0).weight();
    }

    @Override
    List<FeedElement> poll(long now) throws InterruptedException {
        List<FeedElement> out = new ArrayList<>();
        long horizon = settings.endMs() != null ? settings.endMs() : now + 1;
        long window = venue.fundingWindowMs();
        long before = window > 0 ? Math.min(horizon, cursor + 1 + window)
                : settings.endMs() != null ? settings.endMs() : 0;
        Answer answer;
        try {
            answer = gate.fetch(venue.fundingRequest(perpetual.name(), cursor, before),
                    r -> read(r.body(), before), reads);
            for (FundingSettlement f : answer.settlements()) {
                out.add(FeedElement.of(f));
                previous = f.fundingTime();
                cursor = f.fundingTime();
            }
        } catch (ExchangeResponseException e) {
            failed(e, now, e.kind() == ExchangeResponseException.Kind.REGION_REFUSED
                    ? "derivatives venue " + venue.id() + " (" + gate.host() + ") answered "
                            + "HTTP " + e.status() + " to funding: it does not serve this "
                            + "region. No funding (anomalies stay empty); the spot analyses go "
                            + "on. " + DerivativesVenue.switchAdvice(venue.id())
                    : "the derivatives venue " + venue.id() + " refuses funding of "
                            + split.symbol() + "; is there a perpetual " + perpetual.name()
                            + " on " + gate.host() + "?");
            if (!e.retryable() && !finished && holding) {
                // Refused: asked again much later; it must not hold back the spot analyses.
                holding = false;
                out.add(FeedElement.idleness());
            }
            return out;
        }
        answeredAt = now;
        List<VenueApi.FundingRow> rows = answer.rows();
        boolean reachedHorizon = window == 0 || before >= horizon;
        boolean pastAndEmpty = answer.settlements().isEmpty() && !reachedHorizon
                && before < now - PUBLISH_GRACE_MS;
        if (pastAndEmpty) {
            cursor = before - 1; // a window of the past without settlements: the next one
        }
        if (rows.size() >= venue.fundingLimit()
                || (!reachedHorizon && (!answer.settlements().isEmpty() || pastAndEmpty))) {
            nextPollAt = now;
        } else if (settings.endMs() != null && settings.endMs() <= now && reachedHorizon) {
            finished = true; // the whole bounded range has been answered
        } else {
            nextPollAt = now + settings.fundingPoll().toMillis();
        }
        if (holding && !finished) {
            // Caught up: the answer was not cut by the limit and reached the present (or ended
            // so recently that the next settlement may still be being published).
            boolean present = rows.size() < venue.fundingLimit()
                    && (reachedHorizon || before >= now - PUBLISH_GRACE_MS);
            if (present) {
                holding = false;
                out.add(FeedElement.idleness());
            } else if (cursor >= 0) {
                out.add(FeedElement.watermark(cursor)); // nothing at or before it is to come
            }
        }
        return out;
    }

    /** An answer's rows, and the settlements after the cursor made of them. */
    private record Answer(List<VenueApi.FundingRow> rows, List<FundingSettlement> settlements) {}

    /**
     * Reads an answer whole before anything is emitted: a bad row in the middle leaves no hole,
     * and counts as an answer that could not be read.
     */
    private Answer read(String body, long before) throws ExchangeResponseException {
        List<VenueApi.FundingRow> rows = venue.fundingRows(body, perpetual.name());
        List<VenueApi.FundingRow> fresh = new ArrayList<>();
        for (VenueApi.FundingRow r : rows) {
            if (r.time() > cursor && (before == 0 || r.time() < before)) {
                fresh.add(r);
            }
        }
        List<FundingSettlement> settlements = new ArrayList<>(fresh.size());
        long prev = previous;
        for (int i = 0; i < fresh.size(); i++) {
            VenueApi.FundingRow r = fresh.get(i);
            int interval = prev < 0 && i + 1 < fresh.size()
                    ? venue.intervalHours(r.time(), fresh.get(i + 1).time())
                    : venue.intervalHours(prev, r.time());
            settlements.add(BinanceFunding.settlement(split.symbol(), venue.id(), r.time(),
                    r.rate(), interval, perpetual.pricePerCoin(r.markPrice())));
            prev = r.time();
        }
        return new Answer(rows, settlements);
    }
}
