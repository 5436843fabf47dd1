package io.regimeflow.testkit;

import com.sun.net.httpserver.HttpServer;
import io.regimeflow.model.Candle;
import io.regimeflow.model.FundingSettlement;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * A fake Binance REST host on 127.0.0.1 that answers as Binance.US spot and Binance USD-M futures
 * do: JSON bodies in their layout, the {@code X-MBX-USED-WEIGHT-1M} header counted per minute
 * with Binance's request weights, their real error bodies (recorded: {@link RecordedErrors}) and
 * status codes, the {@code Date} header. It holds a market ({@link #candles}, {@link #funding})
 * and serves {@code /api/v3/klines}, {@code /api/v3/depth}, {@code /fapi/v1/fundingRate},
 * {@code /api/v3/exchangeInfo} (every symbol with candles, less the {@link #delisted} ones: a
 * listing can change while it runs), {@code /api/v3/ticker/24hr} (their 24h quote volumes, see
 * {@link #quoteVolume}) and {@code /fapi/v1/exchangeInfo} (the perpetuals: those of
 * {@link VenueListings#COINS} and of every symbol with funding here, 1000x ones named as USD-M
 * names them, {@code 1000SHIBUSDT}) from it with Binance's parameter semantics ({@code startTime},
 * {@code endTime}, {@code limit}); the minute still trading is answered too, as Binance does.
 * Tests can {@link #inject} faults into the next answers of a path, or of the requests of a path
 * a predicate picks (429 with Retry-After, 418, 500, a firewall's 403, any recorded answer, a
 * hanging answer, a truncated body, duplicated and shuffled rows, a missing range), make every
 * answer slow ({@link #latency(long, long)}) or
 * {@link #script} whole answers. Unknown paths answer Binance's 404.
 */
public final class FakeBinance implements AutoCloseable {

    /** One scripted answer. */
    public record Answer(int status, Map<String, String> headers, String body, long delayMs) {
        public static Answer ok(String body, int usedWeight) {
            return new Answer(200, BinanceWeights.header(usedWeight), body, 0);
        }

        public static Answer error(int status, int code, String msg, Map<String, String> headers) {
            return new Answer(status, headers, "{\"code\":" + code + ",\"msg\":\"" + msg + "\"}",
                    0);
        }
    }

    /** A fault for the next answer of a path. */
    public sealed interface Fault {}

    /** A real answer recorded from the exchange ({@link RecordedErrors}), with these headers. */
    public record Recorded(RecordedErrors.Recorded answer, Map<String, String> headers)
            implements Fault {
        public Recorded(String id) {
            this(RecordedErrors.get(id), Map.of());
        }
    }

    /** Nothing for this long, then the normal answer (a client with a shorter timeout gives up). */
    public record Hang(long ms) implements Fault {}

    /** The normal answer cut in the middle. */
    public record Truncated() implements Fault {}

    /** The normal rows, each twice, in reverse order. */
    public record DuplicatedAndShuffled() implements Fault {}

    /** The normal answer without the candles whose open time is in [from, to). */
    public record MissingRange(long from, long to) implements Fault {}

    /** Binance's real 429 (code -1003), with {@code Retry-After}. */
    public static Recorded rateLimited(int retryAfterSeconds) {
        return new Recorded(RecordedErrors.get("binance-429-1003-2019"),
                Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }

    /** Binance's real 418 (IP banned, code -1003), with {@code Retry-After}. */
    public static Recorded banned(int retryAfterSeconds) {
        return new Recorded(RecordedErrors.get("binance-418-ip-ban-2018"),
                Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }

    /** CloudFront's real "Request blocked." page in front of Binance (its firewall), a 403. */
    public static Recorded firewallBlocked() {
        return new Recorded("binance-403-cloudfront-request-blocked-2018");
    }

    /** Binance's real -1000 body ("occured", as its 2018 servers spelt it), answered as a 500. */
    public static Recorded serverError() {
        return new Recorded(RecordedErrors.get("binance-1000-unknown-2018-typo", 500), Map.of());
    }

    private static final long MINUTE = 60_000L;

    private final BinanceMarket market = new BinanceMarket();
    private final BinanceListings listings = new BinanceListings();
    private final BinanceFaultSchedule faults = new BinanceFaultSchedule();
    private final BinanceWeights weights = new BinanceWeights();
    private final AnswerLatency latency = new AnswerLatency();
    private final BinanceTickers tickers = new BinanceTickers();
    private final BinanceRoutes routes = new BinanceRoutes(market, listings, tickers, faults,
            weights, latency);
    private final HttpServer server;

    public FakeBinance() throws IOException {
        server = LoopbackHttp.start("fake-binance", routes);
    }

    public URI baseUrl() {
        return LoopbackHttp.baseUrl(server);
    }

    /** Queues answers for {@code path}; the last one repeats once the others are used. */
    public FakeBinance script(String path, Answer... answers) {
        routes.script(path, List.of(answers));
        return this;
    }

    public int hits(String path) {
        return routes.hits(path);
    }

    /** Puts 1m candles of {@code symbol} ({@code BASE/QUOTE}) on the exchange. */
    public FakeBinance candles(String symbol, List<Candle> list) {
        market.candles(BinanceListings.exchangeSymbol(symbol), list);
        return this;
    }

    /**
     * Puts funding settlements of the perpetual of {@code symbol} on the exchange: SHIB/USDT's
     * are those of {@code 1000SHIBUSDT}, as on USD-M.
     */
    public FakeBinance funding(String symbol, List<FundingSettlement> list) {
        market.funding(perpetual(symbol), list);
        return this;
    }

    /** The USD-M perpetual of {@code symbol}: {@code 1000SHIBUSDT} for SHIB/USDT. */
    public static String perpetual(String symbol) {
        return BinanceListings.perpetual(symbol);
    }

    /**
     * Takes {@code symbol} out of {@code /api/v3/exchangeInfo} and the 24h tickers (delisted),
     * or puts it back; its klines are still served. A symbol given candles while the fake runs
     * is listed from then on: a new listing.
     */
    public FakeBinance delisted(String symbol, boolean delisted) {
        listings.delist(BinanceListings.exchangeSymbol(symbol), delisted);
        return this;
    }

    /** The 24h quote volume {@code /api/v3/ticker/24hr} gives {@code symbol} (else 0). */
    public FakeBinance quoteVolume(String symbol, double volume) {
        tickers.quoteVolume(BinanceListings.exchangeSymbol(symbol),
                BigDecimal.valueOf(volume));
        return this;
    }

    /** From now on the perpetual of {@code symbol}'s coin is not in the futures list. */
    public FakeBinance unlist(String symbol) {
        listings.unlist(symbol.substring(0, symbol.indexOf('/')));
        return this;
    }

    /**
     * Publishes candles opening before {@code openTime} only, as an exchange whose data lags; the
     * rest appear as the test moves this on. (The minute the real clock is in is always answered
     * as still trading, with only its first trade.)
     */
    public void publishUntil(long openTime) {
        market.publishUntil(openTime);
    }

    /**
     * Sets a symbol's status in the exchange information ({@code TRADING} unless set; Binance
     * also answers {@code BREAK}, {@code HALT}, ...). Its klines are still served.
     */
    public FakeBinance status(String symbol, String status) {
        listings.status(BinanceListings.exchangeSymbol(symbol), status);
        return this;
    }

    /** Faults for the next answers of {@code path}, one per request, in order. */
    public FakeBinance inject(String path, Fault... list) {
        faults.inject(path, List.of(list));
        return this;
    }

    /**
     * Faults for the next answers of {@code path} to the requests {@code when} accepts (it is
     * given their query parameters), one per such request, in order; other requests are answered
     * as before. Taken before the faults of {@link #inject(String, Fault...)}.
     */
    public FakeBinance inject(String path, Predicate<Map<String, String>> when, Fault... list) {
        faults.inject(path, when, List.of(list));
        return this;
    }

    /**
     * The kline requests of {@code symbol} ({@code BASE/QUOTE}) whose answer would hold a minute
     * of [{@code from}, {@code to}): they ask from no later than its last minute, to no earlier
     * than its first, and their {@code limit} reaches it.
     */
    public static Predicate<Map<String, String>> klinesCovering(String symbol, long from,
            long to) {
        Predicate<Map<String, String>> ofSymbol = of(symbol);
        return q -> {
            if (!ofSymbol.test(q)) {
                return false;
            }
            RangeQuery range = RangeQuery.of(q, 500, 1000);
            long lastServed = Math.min(range.end(),
                    range.start() + (long) range.limit() * MINUTE - 1);
            return range.start() < to && lastServed >= from;
        };
    }

    /** The requests of {@code symbol} ({@code BASE/QUOTE}, or its perpetual's: the same name). */
    public static Predicate<Map<String, String>> of(String symbol) {
        String s = BinanceListings.exchangeSymbol(symbol);
        return q -> s.equals(q.get("symbol"));
    }

    /** Faults not yet used on {@code path}, targeted ones included. */
    public int pendingFaults(String path) {
        return faults.pending(path);
    }

    /** Every answer from now on takes this long (a distant or busy exchange). */
    public FakeBinance latency(long ms) {
        return latency(ms, ms);
    }

    /**
     * Every answer from now on takes from {@code minMs} to {@code maxMs}, uniformly at random
     * per request (a seeded random: the same sequence at every run).
     *
     * @throws IllegalArgumentException when {@code minMs} is negative or above {@code maxMs}
     */
    public FakeBinance latency(long minMs, long maxMs) {
        latency.set(minMs, maxMs);
        return this;
    }

    /** The IP's weight limit per minute: above it, Binance answers 429. */
    /**
     * Counts the weight in the minutes of {@code clock} (epoch ms) instead of the system's: the
     * clock of a source under test that runs on simulated time.
     */
    public void weightClock(LongSupplier clock) {
        weights.clock(clock);
    }

    public void weightLimit(int limit) {
        weights.limit(limit);
    }

    /** The highest weight used in any minute so far. */
    public int maxWeightPerMinute() {
        return weights.maxPerMinute();
    }

    /** Every request received, as "epochMillis path?query". */
    public List<String> requests() {
        return routes.requests();
    }

    /** The candle of {@code symbol} ({@code BASE/QUOTE}) opening at {@code openTime}, or null. */
    public Candle candle(String symbol, long openTime) {
        return market.candle(BinanceListings.exchangeSymbol(symbol), openTime);
    }

    /**
     * The book {@code /api/v3/depth} answers now for {@code symbol} with {@code limit} levels
     * (around the last published close), without charging weight: what the book stream sends.
     */
    public String depthAnswer(String symbol, int limit) {
        return market.page(BinanceMarket.DEPTH, Map.of("symbol", BinanceListings.exchangeSymbol(
                symbol), "limit", Integer.toString(limit)), null, 1_027_024);
    }

    /** Binance's kline layout for 1m candles: numbers as strings, times as numbers. */
    public static String klinesJson(List<Candle> candles) {
        return BinanceMarket.klinesJson(candles);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
