package io.regimeflow.testkit;

import java.util.Map;

/**
 * The time range and page size a history request asks for, as Binance and Bybit read them.
 *
 * @param start {@code startTime}, epoch ms inclusive; 0 when absent
 * @param end {@code endTime}, epoch ms inclusive; {@link Long#MAX_VALUE} when absent
 * @param limit {@code limit}, the venue's default when absent, never above its maximum
 */
record RangeQuery(long start, long end, int limit) {

    static RangeQuery of(Map<String, String> q, int defaultLimit, int maxLimit) {
        return new RangeQuery(Long.parseLong(q.getOrDefault("startTime", "0")),
                Long.parseLong(q.getOrDefault("endTime", Long.toString(Long.MAX_VALUE))),
                Math.min(maxLimit, Integer.parseInt(q.getOrDefault("limit",
                        Integer.toString(defaultLimit)))));
    }
}
