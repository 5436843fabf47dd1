package io.regimeflow.connectors.exchange.reader;

import io.regimeflow.connectors.exchange.config.ExchangeSourceSettings;
import io.regimeflow.connectors.exchange.http.ExchangeResponseException;
import io.regimeflow.connectors.exchange.http.HostGate;
import io.regimeflow.connectors.exchange.split.ExchangeSplit;
import io.regimeflow.connectors.exchange.spot.BinanceKlines;
import io.regimeflow.model.Candle;
import io.regimeflow.model.Symbols;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A symbol's 1m candles from {@code GET /api/v3/klines}: pages of up to 1000 from the cursor while
 * behind, then one poll shortly after each minute closes. Only an unbroken run from the cursor is
 * emitted: a hole (minutes missing before later ones) is asked for again by
 * {@code startTime}/{@code endTime} up to {@code gapRetries} times, and only then taken as a real
 * gap of the exchange, logged and counted. After each run the split's watermark moves to the last
 * close time: the candles are the clock of the job. With the spot streams ({@link SocketCandles})
 * the live minutes come from the socket once the backfill has caught up; REST is asked only for
 * the minutes the socket skipped (a drop), for a minute it has not delivered
 * {@code lateAfter} after its close, and for all of them while the exchange refuses the streams.
 */
final class KlineFeed extends Feed {
    private static final Logger LOG = LoggerFactory.getLogger(KlineFeed.class);

    static final String PATH = "/api/v3/klines";
    static final int LIMIT = 1000;
    /** Binance's weight for klines (Binance.US charges less; the higher figure is the safe one). */
    static final int WEIGHT = 2;
    private static final long MINUTE = 60_000L;
    private final String exchangeSymbol;
    private long cursor;
    private long holeEnd = -1;
    private int gapAttempts;
    private boolean idle;
    /** Whether the last answer was a refusal of the symbol (read by the metric thread). */
    private volatile boolean refused;
    /** The open time of the last irregular row counted: a repair asks for them again. */
    private long irregularCountedUntil = Long.MIN_VALUE;
    private final Counter gapsAccepted;
    private final Counter missingMinutes;
    private final Counter duplicateRows;
    private final Counter irregularRows;
    /** The socket's klines of the symbol; null when polling REST only. */
    private final SocketCandles socket;
    /** Whether the candles have reached the present once: from then on the socket leads. */
    private boolean caughtUp;

    KlineFeed(ExchangeSplit split, HostGate gate, ExchangeSourceSettings settings,
            SocketCandles socket, MetricGroup metrics, long now) {
        super(split, gate, settings, metrics, now);
        this.socket = socket;
        this.exchangeSymbol = Symbols.toExchangeSymbol(split.symbol());
        this.cursor = split.position();
        this.finished = settings.endMs() != null && cursor >= settings.endMs();
        gapsAccepted = metrics.counter("gapsAccepted");
        missingMinutes = metrics.counter("missingMinutes");
        duplicateRows = metrics.counter("duplicateRows");
        irregularRows = metrics.counter("irregularRows");
        // 1 while the exchange refuses the symbol's klines (delisted, unknown): it is idle then.
        metrics.gauge("refused", () -> refused ? 1 : 0);
    }

    @Override
    int weight() {
        return WEIGHT;
    }

    /** The candles are the clock of the job. */
    @Override
    boolean holdsEventTime() {
        return true;
    }

    /**
     * Moves the cursor on to {@code openTime} if it is behind it: its symbol is back in a
     * universe after the job's watermark has passed the minutes it missed, which would be late.
     * Those minutes are said once, as not backfilled; a hole being repaired is given up.
     */
    void skipTo(long openTime) {
        if (openTime <= cursor) {
            return;
        }
        LOG.info("klines of {}: back in the universe; its candles from {} on, the {} minutes "
                + "from {} not backfilled because they would be late for the job's event time",
                split.symbol(), Instant.ofEpochMilli(openTime), (openTime - cursor) / MINUTE,
                Instant.ofEpochMilli(cursor));
        cursor = openTime;
        holeEnd = -1;
        gapAttempts = 0;
    }

    /** Whether the candles have caught up with the present (within a few minutes). */
    boolean live(long now) {
        return cursor + 3 * MINUTE > now;
    }

    /** Whether the live minutes are the socket's (REST only repairs). */
    private boolean streaming() {
        return socket != null && !socket.refused();
    }

    /**
     * Emits the socket's klines that continue the candles; a kline beyond the next minute means
     * the socket skipped minutes (it was down): those are asked for by REST first, as a hole, so
     * the candles stay in order and the position exact.
     */
    @Override
    List<FeedElement> tick(long now) {
        if (socket == null || finished || holeEnd > 0) {
            return List.of();
        }
        caughtUp |= live(now);
        if (socket.refused()) {
            // Refused after the next poll was set for the socket: poll shortly after the close.
            nextPollAt = Math.min(nextPollAt, cursor + MINUTE + settings.pollDelay().toMillis());
        }
        List<Candle> run = socket.take(cursor);
        List<FeedElement> out = new ArrayList<>(run.size() + 1);
        if (!run.isEmpty()) {
            run.forEach(c -> out.add(FeedElement.of(c)));
            Candle last = run.get(run.size() - 1);
            cursor = last.openTime() + MINUTE;
            out.add(FeedElement.watermark(last.closeTime()));
            idle = false;
            gapAttempts = 0;
            nextPollAt = cursor + MINUTE + settings.live().lateAfter().toMillis();
        }
        long beyond = socket.firstBeyond(cursor);
        // After a drop longer than the notion of live too: the minutes between are still owed.
        if (beyond > 0 && caughtUp) {
            holeEnd = beyond;
            nextPollAt = lastPolledAt == Long.MIN_VALUE ? now
                    : Math.max(now, lastPolledAt + settings.pollDelay().toMillis());
            LOG.info("klines of {}: the socket skipped {} minutes from {} (it was down); asking "
                    + "REST for them before going on", split.symbol(), (beyond - cursor) / MINUTE,
                    Instant.ofEpochMilli(cursor));
        }
        return out;
    }

    @Override
    List<FeedElement> poll(long now) throws InterruptedException {
        caughtUp |= live(now);
        boolean repairing = streaming() && caughtUp;
        Map<String, String> params = new LinkedHashMap<>();
        params.put("symbol", exchangeSymbol);
        params.put("interval", "1m");
        params.put("startTime", Long.toString(cursor));
        // Only an answer to a question about the present can say the market is quiet: an empty
        // answer to a hole's repair or to a range of the past says nothing of what follows.
        boolean asksThePresent = holeEnd <= 0
                && (settings.endMs() == null || settings.endMs() > now);
        long endTime = holeEnd > 0 ? holeEnd - 1 : Long.MAX_VALUE;
        if (settings.endMs() != null) {
            endTime = Math.min(endTime, settings.endMs() - 1);
        }
        if (endTime != Long.MAX_VALUE) {
            params.put("endTime", Long.toString(endTime));
        }
        params.put("limit", Integer.toString(LIMIT));
        BinanceKlines.Page page;
        try {
            // A minute is closed by the exchange's clock, never this machine's, which may run
            // ahead of it (a still-trading minute taken as closed would never be corrected).
            page = gate.fetch(PATH, params, WEIGHT, r -> BinanceKlines.page(r.body(),
                    split.symbol(), r.serverTimeMs().orElse(now)), reads);
        } catch (ExchangeResponseException e) {
            failed(e, now, "the exchange refuses klines of " + split.symbol() + " ("
                    + exchangeSymbol + "); is the symbol listed on " + gate.host() + "?");
            refused = !e.retryable();
            if (!e.retryable() && !finished && !idle) {
                // Refused (delisted, unknown, a refused region): it must not hold back the
                // other symbols while it is asked again; its next candles make it active.
                idle = true;
                return List.of(FeedElement.idleness());
            }
            return List.of();
        }
        refused = false;
        if (page.duplicates() > 0 || page.reordered()) {
            duplicateRows.inc(page.duplicates());
            LOG.warn("klines of {} from {}: {} duplicate rows dropped{}", split.symbol(),
                    gate.host(), page.duplicates(), page.reordered() ? ", rows put in order" : "");
        }
        long newIrregular = page.irregularOpenTimes().stream()
                .filter(t -> t > irregularCountedUntil && t >= cursor).count();
        if (newIrregular > 0) {
            irregularRows.inc(newIrregular);
            irregularCountedUntil = page.irregularOpenTimes().stream()
                    .mapToLong(Long::longValue).max().getAsLong();
            LOG.warn("klines of {} from {}: {} rows that are not a whole minute left out (their "
                    + "minutes count as missing at the exchange)", split.symbol(), gate.host(),
                    newIrregular);
        }
        List<Candle> candles = new ArrayList<>(page.closed().size());
        for (Candle c : page.closed()) {
            if (c.openTime() >= cursor
                    && (settings.endMs() == null || c.openTime() < settings.endMs())) {
                candles.add(c);
            }
        }
        List<FeedElement> out = new ArrayList<>();
        boolean repairPending = false;
        int i = 0;
        while (true) {
            while (i < candles.size() && candles.get(i).openTime() == cursor) {
                out.add(FeedElement.of(candles.get(i)));
                cursor += MINUTE;
                i++;
            }
            // A full page may stop short of what follows: only a shorter one tells the end.
            long nextKnown = i < candles.size() ? candles.get(i).openTime()
                    : page.rows() >= LIMIT ? -1 : knownEnd(now);
            if (nextKnown <= cursor) {
                break;
            }
            // A hole: [cursor, nextKnown) is missing although later minutes are known.
            if (gapAttempts < settings.gapRetries()) {
                gapAttempts++;
                holeEnd = nextKnown;
                repairPending = true;
                LOG.info("klines of {}: {} minutes missing from {}; asking for them again "
                                + "(attempt {} of {})", split.symbol(),
                        (nextKnown - cursor) / MINUTE,
                        Instant.ofEpochMilli(cursor), gapAttempts, settings.gapRetries());
                break;
            }
            long missing = (nextKnown - cursor) / MINUTE;
            LOG.warn("klines of {}: the exchange has no candles from {} to {} ({} minutes) "
                            + "after {} attempts; going on without them (the built candles of "
                            + "those periods are marked incomplete)", split.symbol(),
                    Instant.ofEpochMilli(cursor), Instant.ofEpochMilli(nextKnown), missing,
                    settings.gapRetries());
            gapsAccepted.inc();
            missingMinutes.inc(missing);
            cursor = nextKnown;
            gapAttempts = 0;
            holeEnd = -1;
        }
        if (repairing && !out.isEmpty()) {
            socket.repaired(out.size());
        }
        if (!out.isEmpty()) {
            Candle last = (Candle) out.get(out.size() - 1).record().data();
            out.add(FeedElement.watermark(last.closeTime()));
            idle = false;
            if (!repairPending) {
                gapAttempts = 0;
                holeEnd = -1;
            }
        } else if (!idle && asksThePresent && candles.isEmpty()
                && cursor + MINUTE + settings.quietAfter().toMillis() < now) {
            // The exchange has no closed minute after the cursor: a quiet market (or a symbol
            // no longer traded), not an outage; it must not hold back the other symbols.
            out.add(FeedElement.idleness());
            idle = true;
        }
        if (settings.endMs() != null && cursor >= settings.endMs()) {
            finished = true;
        } else if (repairPending) {
            nextPollAt = now + settings.pollDelay().toMillis();
        } else if (page.rows() >= LIMIT) {
            nextPollAt = now; // a full page: more is waiting
        } else if (cursor + MINUTE > now) {
            // The next close: by REST shortly after it, or only if the socket is late with it.
            nextPollAt = cursor + MINUTE + (streaming() ? settings.live().lateAfter()
                    : settings.pollDelay()).toMillis();
        } else {
            nextPollAt = now + 5 * settings.pollDelay().toMillis(); // closed, but not published yet
        }
        return out;
    }

    /**
     * Where the exchange's data is known to continue when this page ended without reaching it: the
     * end of the hole being repaired, or the end of a bounded run that lies in the past.
     */
    private long knownEnd(long now) {
        if (holeEnd > 0) {
            return holeEnd;
        }
        if (settings.endMs() != null && settings.endMs() + MINUTE <= now) {
            return settings.endMs();
        }
        return -1;
    }
}
