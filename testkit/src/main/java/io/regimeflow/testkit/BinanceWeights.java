package io.regimeflow.testkit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Binance's request weights: what each path costs, the weight used in each minute of the clock
 * (what {@code X-MBX-USED-WEIGHT-1M} reports) and the IP's limit per minute.
 */
final class BinanceWeights {

    private static final long MINUTE = 60_000L;
    private static final Map<String, Integer> WEIGHTS = Map.of("/api/v3/klines", 2,
            "/api/v3/depth", 5, "/fapi/v1/fundingRate", 1, "/api/v3/exchangeInfo", 20,
            "/fapi/v1/exchangeInfo", 1, "/api/v3/ticker/24hr", 80);

    private final Map<Long, AtomicInteger> byMinute = new ConcurrentHashMap<>();
    private volatile int limit = 1200;
    /** Whose minutes the weight is counted in: a test on a simulated clock gives its own. */
    private volatile LongSupplier clock = System::currentTimeMillis;

    /** Charges a request of {@code path} to this minute; the minute's weight used, it included. */
    int charge(String path) {
        long minute = clock.getAsLong() / MINUTE;
        return byMinute.computeIfAbsent(minute, m -> new AtomicInteger())
                .addAndGet(WEIGHTS.getOrDefault(path, 1));
    }

    /** The {@code X-MBX-USED-WEIGHT-1M} header for {@code used}. */
    static Map<String, String> header(int used) {
        return Map.of("X-MBX-USED-WEIGHT-1M", Integer.toString(used));
    }

    /** Whether a minute that has used {@code used} is over the limit (Binance answers 429). */
    boolean over(int used) {
        return used > limit;
    }

    void clock(LongSupplier c) {
        clock = c;
    }

    void limit(int perMinute) {
        limit = perMinute;
    }

    /** The highest weight used in any minute so far. */
    int maxPerMinute() {
        return byMinute.values().stream().mapToInt(AtomicInteger::get).max().orElse(0);
    }
}
