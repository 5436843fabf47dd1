package io.regimeflow.connectors.binance;

import io.regimeflow.model.FundingSettlement;
import io.regimeflow.model.Symbols;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.MetricGroup;

/**
 * A perpetual's funding settlements from {@code GET /fapi/v1/fundingRate}: the history from the
 * start, then whatever is new at each poll. Settlements are hours apart, so this split never
 * holds back the watermark (it is idle); the funding analysis does not wait for event time, and a
 * settlement that arrives after its hour's snapshot goes into the next one.
 */
final class FundingFeed extends Feed {

    static final String PATH = "/fapi/v1/fundingRate";
    static final int LIMIT = 1000;
    static final int WEIGHT = 1;
    private final String perpetual;
    private long cursor;
    private long previous;
    private boolean announcedIdle;

    FundingFeed(BinanceSplit split, HostGate gate, BinanceSettings settings, MetricGroup metrics,
            long now) {
        super(split, gate, settings, metrics, now);
        this.perpetual = Symbols.toExchangeSymbol(split.symbol());
        this.cursor = split.position();
        this.previous = split.previous();
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
            failed(e, now, "the futures venue refuses funding of " + split.symbol()
                    + "; is there a perpetual " + perpetual + " on " + gate.host() + "?");
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
