package io.regimeflow.testkit;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link FakeBinance}'s {@code GET /api/v3/ticker/24hr} without a symbol: one ticker per spot
 * symbol listed, in Binance's layout (prices and volumes as decimal text, times in ms), with the
 * 24h quote volume a test set ({@link FakeBinance#quoteVolume}), else {@code 0}. The other
 * figures are fixed: no test reads them.
 */
final class BinanceTickers {

    static final String PATH = "/api/v3/ticker/24hr";

    private final Map<String, BigDecimal> quoteVolumes = new ConcurrentHashMap<>();

    void quoteVolume(String exchangeSymbol, BigDecimal volume) {
        quoteVolumes.put(exchangeSymbol, volume);
    }

    String all(Set<String> symbols) {
        long now = System.currentTimeMillis();
        StringBuilder out = new StringBuilder("[");
        for (String s : new TreeSet<>(symbols)) {
            BigDecimal q = quoteVolumes.getOrDefault(s, BigDecimal.ZERO);
            out.append(out.length() == 1 ? "" : ",").append("{\"symbol\":\"").append(s)
                    .append("\",\"priceChange\":\"-94.99999800\",\"priceChangePercent\":"
                            + "\"-95.960\",\"weightedAvgPrice\":\"0.29628482\","
                            + "\"prevClosePrice\":\"0.10002000\",\"lastPrice\":\"4.00000200\","
                            + "\"lastQty\":\"200.00000000\",\"bidPrice\":\"4.00000000\","
                            + "\"bidQty\":\"100.00000000\",\"askPrice\":\"4.00000200\","
                            + "\"askQty\":\"100.00000000\",\"openPrice\":\"99.00000000\","
                            + "\"highPrice\":\"100.00000000\",\"lowPrice\":\"0.10000000\","
                            + "\"volume\":\"8913.30000000\",\"quoteVolume\":\"")
                    .append(q.setScale(8).toPlainString()).append("\",\"openTime\":")
                    .append(now - 86_400_000L).append(",\"closeTime\":").append(now)
                    .append(",\"firstId\":28385,\"lastId\":28460,\"count\":76}");
        }
        return out.append("]").toString();
    }
}
