package io.regimeflow.testkit;

import io.regimeflow.model.Candle;
import io.regimeflow.model.FundingSettlement;
import io.regimeflow.testkit.FakeBinance.DuplicatedAndShuffled;
import io.regimeflow.testkit.FakeBinance.Fault;
import io.regimeflow.testkit.FakeBinance.MissingRange;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Collectors;

/**
 * The market {@link FakeBinance} holds, and its pages in Binance's layout: spot candles by
 * exchange symbol ({@code BTCUSDT}), funding settlements by USD-M perpetual
 * ({@code 1000SHIBUSDT}), and how far the exchange has published.
 */
final class BinanceMarket {

    static final String KLINES = "/api/v3/klines";
    static final String DEPTH = "/api/v3/depth";
    static final String FUNDING = "/fapi/v1/fundingRate";

    private final Map<String, NavigableMap<Long, Candle>> candles = new ConcurrentHashMap<>();
    private final Map<String, NavigableMap<Long, FundingSettlement>> funding =
            new ConcurrentHashMap<>();
    private volatile long publishedUntil = Long.MAX_VALUE;

    void candles(String exchangeSymbol, List<Candle> list) {
        NavigableMap<Long, Candle> m = candles.computeIfAbsent(exchangeSymbol,
                k -> new ConcurrentSkipListMap<>());
        list.forEach(c -> m.put(c.openTime(), c));
    }

    void funding(String perpetual, List<FundingSettlement> list) {
        NavigableMap<Long, FundingSettlement> m = funding.computeIfAbsent(perpetual,
                k -> new ConcurrentSkipListMap<>());
        list.forEach(f -> m.put(f.fundingTime(), f));
    }

    /** The candle of {@code exchangeSymbol} opening at {@code openTime}, or null. */
    Candle candle(String exchangeSymbol, long openTime) {
        NavigableMap<Long, Candle> m = candles.get(exchangeSymbol);
        return m == null ? null : m.get(openTime);
    }

    /** Candles opening at or after {@code openTime} are not published yet. */
    void publishUntil(long openTime) {
        publishedUntil = openTime;
    }

    /** The spot symbols with candles here. */
    Set<String> spotSymbols() {
        return candles.keySet();
    }

    /** The perpetuals with funding here. */
    Set<String> perpetuals() {
        return funding.keySet();
    }

    /** Whether {@code symbol} (null: none asked) has data for the data path {@code path}. */
    boolean has(String path, String symbol) {
        return (path.equals(FUNDING) ? funding : candles).containsKey(String.valueOf(symbol));
    }

    /**
     * The page of the data path {@code path} for query {@code q}, with {@code fault} applied to
     * its rows; {@code depthUpdateId} is the book's {@code lastUpdateId}. The symbol must be
     * {@link #has had}.
     */
    String page(String path, Map<String, String> q, Fault fault, long depthUpdateId) {
        String symbol = q.get("symbol");
        return switch (path) {
            case KLINES -> klines(candles.get(symbol), q, fault);
            case DEPTH -> depth(candles.get(symbol), q, depthUpdateId);
            case FUNDING -> funding(symbol, funding.get(symbol), q, fault);
            default -> throw new IllegalArgumentException("no data at " + path);
        };
    }

    private String klines(NavigableMap<Long, Candle> all, Map<String, String> q, Fault fault) {
        RangeQuery range = RangeQuery.of(q, 500, 1000);
        List<Candle> rows = new ArrayList<>();
        long until = publishedUntil;
        for (Candle c : all.subMap(range.start(), true, range.end(), true).values()) {
            if (rows.size() == range.limit() || c.openTime() >= until) {
                break;
            }
            if (fault instanceof MissingRange m && c.openTime() >= m.from()
                    && c.openTime() < m.to()) {
                continue;
            }
            if (c.closeTime() >= System.currentTimeMillis()) {
                // The minute still trading: so far only its first trades, as Binance answers it.
                rows.add(new Candle(c.symbol(), c.openTime(), c.open(), c.open(), c.open(),
                        c.open(), c.volume().divide(BigDecimal.TEN), c.quoteVolume()
                                .divide(BigDecimal.TEN), 1, BigDecimal.ZERO, BigDecimal.ZERO));
                break;
            }
            rows.add(c);
        }
        return klinesJson(shuffledIf(fault, rows));
    }

    private String depth(NavigableMap<Long, Candle> all, Map<String, String> q, long updateId) {
        int limit = Math.min(5000, Integer.parseInt(q.getOrDefault("limit", "100")));
        Map.Entry<Long, Candle> last = all.lowerEntry(publishedUntil);
        BigDecimal mid = last == null ? BigDecimal.ONE : last.getValue().close();
        StringBuilder bids = new StringBuilder();
        StringBuilder asks = new StringBuilder();
        for (int i = 1; i <= limit; i++) {
            BigDecimal step = mid.multiply(new BigDecimal("0.0005")).multiply(BigDecimal.valueOf(
                    i));
            String qty = "\"" + new BigDecimal(i).multiply(new BigDecimal("0.12345678"))
                    .toPlainString() + "\"";
            bids.append(i > 1 ? "," : "").append("[\"").append(mid.subtract(step)
                    .setScale(8, RoundingMode.HALF_UP).toPlainString()).append("\",")
                    .append(qty).append("]");
            asks.append(i > 1 ? "," : "").append("[\"").append(mid.add(step)
                    .setScale(8, RoundingMode.HALF_UP).toPlainString()).append("\",")
                    .append(qty).append("]");
        }
        return "{\"lastUpdateId\":" + updateId + ",\"bids\":[" + bids + "],\"asks\":[" + asks
                + "]}";
    }

    private static String funding(String perpetual, NavigableMap<Long, FundingSettlement> all,
            Map<String, String> q, Fault fault) {
        RangeQuery range = RangeQuery.of(q, 100, 1000);
        long now = System.currentTimeMillis();
        List<String> rows = new ArrayList<>();
        for (FundingSettlement f : all.subMap(range.start(), true, range.end(), true).values()) {
            if (rows.size() == range.limit() || f.fundingTime() > now) {
                break;
            }
            rows.add("{\"symbol\":\"" + perpetual + "\",\"fundingTime\":" + f.fundingTime()
                    + ",\"fundingRate\":\"" + f.fundingRate().toPlainString()
                    + "\",\"markPrice\":\"" + (f.markPrice() == null ? ""
                            : f.markPrice().toPlainString()) + "\"}");
        }
        return "[" + String.join(",", shuffledIf(fault, rows)) + "]";
    }

    /** The rows, or under {@link DuplicatedAndShuffled} each twice in reverse order. */
    private static <T> List<T> shuffledIf(Fault fault, List<T> rows) {
        if (!(fault instanceof DuplicatedAndShuffled)) {
            return rows;
        }
        List<T> doubled = new ArrayList<>();
        for (int i = rows.size() - 1; i >= 0; i--) {
            doubled.add(rows.get(i));
            doubled.add(rows.get(i));
        }
        return doubled;
    }

    /** Binance's kline layout for 1m candles: numbers as strings, times as numbers. */
    static String klinesJson(List<Candle> candles) {
        return candles.stream().map(c -> "[" + c.openTime() + "," + s(c.open()) + ","
                + s(c.high()) + "," + s(c.low()) + "," + s(c.close()) + "," + s(c.volume()) + ","
                + c.closeTime() + "," + s(c.quoteVolume()) + "," + c.trades() + ","
                + s(c.takerBuyBase()) + "," + s(c.takerBuyQuote()) + ",\"0\"]")
                .collect(Collectors.joining(",", "[", "]"));
    }

    private static String s(BigDecimal v) {
        return "\"" + v.toPlainString() + "\"";
    }
}
