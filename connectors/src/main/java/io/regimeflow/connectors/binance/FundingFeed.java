package io.regimeflow.connectors.binance;

import io.regimeflow.model.FundingSettlement;
import io.regimeflow.model.Symbols;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A perpetual's funding settlements from {@code GET /fapi/v1/fundingRate}: the history from the
 * start, then whatever is new at each poll. Settlements are hours apart, so this split never
 * holds back the watermark (it is idle); the funding analysis does not wait for event time, and a
 * settlement that arrives after its hour's snapshot goes into the next one.
 */
final class FundingFeed extends Feed {
    private static final Logger LOG = LoggerFactory.getLogger(FundingFeed.class);

    static final String PATH = "/fapi/v1/fundingRate";
    static final int LIMIT = 1000;
    static final int WEIGHT = 1;
    private static final long REJECTED_RETRY_MS = 300_000L;

    private final HostGate gate;
    private final BinanceSettings settings;
    private final String perpetual;
    private long cursor;
    private long previous;
    private boolean announcedIdle;
    private final Counter rejected;

    FundingFeed(BinanceSplit split, HostGate gate, BinanceSettings settings, MetricGroup metrics,
            long now) {
        super(split);
        this.gate = gate;
        this.settings = settings;
        this.perpetual = Symbols.toExchangeSymbol(split.symbol());
        this.cursor = split.position();
        this.previous = split.previous();
        this.nextPollAt = now;
        rejected = metrics.counter("rejectedRequests");
    }

    @Override
    HostGate gate() {
        return gate;
    }

    @Override
    int weight() {
        return WEIGHT;
    }

    @Override
    List<FeedElement> poll(long now) throws InterruptedException {
        List<FeedElement> out = new ArrayList<>();
        if (!announcedIdle) {
            out.add(FeedElement.idleness());
            announcedIdle = true;
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("symbol", perpetual);
        params.put("startTime", Long.toString(cursor + 1));
        if (settings.endMs() != null) {
            params.put("endTime", Long.toString(settings.endMs() - 1));
        }
        params.put("limit", Integer.toString(LIMIT));
        List<BinanceFunding.Row> rows;
        try {
            rows = BinanceFunding.rows(gate.send(PATH, params, WEIGHT).body(), split.symbol());
            List<BinanceFunding.Row> fresh = new ArrayList<>();
            for (BinanceFunding.Row r : rows) {
                if (r.fundingTime() > cursor
                        && (settings.endMs() == null || r.fundingTime() < settings.endMs())) {
                    fresh.add(r);
                }
            }
            // Check every row before emitting any: a bad one in the middle leaves no hole.
            List<FundingSettlement> settlements = new ArrayList<>(fresh.size());
            long prev = previous;
            for (int i = 0; i < fresh.size(); i++) {
                BinanceFunding.Row r = fresh.get(i);
                int interval = prev < 0 && i + 1 < fresh.size()
                        ? BinanceFunding.intervalHours(r.fundingTime(),
                                fresh.get(i + 1).fundingTime())
                        : BinanceFunding.intervalHours(prev, r.fundingTime());
                settlements.add(BinanceFunding.settlement(split.symbol(), r, interval));
                prev = r.fundingTime();
            }
            for (FundingSettlement f : settlements) {
                out.add(FeedElement.of(f));
                previous = f.fundingTime();
                cursor = f.fundingTime();
            }
        } catch (BinanceResponseException e) {
            if (e.kind() == BinanceResponseException.Kind.MALFORMED) {
                gate.failed(e);
            }
            if (!e.retryable()) {
                rejected.inc();
                LOG.error("{}: the futures venue refuses funding of {}; is there a perpetual "
                        + "{} on {}? asking again in 5 minutes", e.getMessage(), split.symbol(),
                        perpetual, gate.host());
                nextPollAt = now + REJECTED_RETRY_MS;
            } else {
                nextPollAt = gate.readyAt(WEIGHT);
            }
            return out;
        }
        if (rows.size() >= LIMIT) {
            nextPollAt = now;
        } else if (settings.endMs() != null && settings.endMs() <= now) {
            finished = true; // the whole bounded range has been answered
        } else {
            nextPollAt = now + settings.fundingPollMs();
        }
        return out;
    }
}
