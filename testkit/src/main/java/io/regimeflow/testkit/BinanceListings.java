package io.regimeflow.testkit;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@link FakeBinance} lists: {@code /api/v3/exchangeInfo} (the spot symbols with their
 * status) and {@code /fapi/v1/exchangeInfo} (the USD-M perpetuals, named as USD-M names them,
 * less the coins a test unlisted), in Binance's layouts, shortened.
 */
final class BinanceListings {

    static final String SPOT = "/api/v3/exchangeInfo";
    static final String FUTURES = "/fapi/v1/exchangeInfo";
    /** USD-M's id in settings, as {@link VenueListings} takes it. */
    private static final String VENUE = "binance-usdm";

    private final Map<String, String> statuses = new ConcurrentHashMap<>();
    /** Coins whose perpetual is not listed. */
    private final Set<String> unlisted = ConcurrentHashMap.newKeySet();
    private final Set<String> delisted = ConcurrentHashMap.newKeySet();

    /** The USD-M perpetual of {@code symbol} ({@code BASE/QUOTE}): {@code 1000SHIBUSDT}. */
    static String perpetual(String symbol) {
        String base = symbol.substring(0, symbol.indexOf('/'));
        return symbol.endsWith("/USDT") ? VenueListings.perpetual(VENUE, base)
                : exchangeSymbol(symbol);
    }

    /** Binance's name of a spot symbol: {@code BTCUSDT} for {@code BTC/USDT}. */
    static String exchangeSymbol(String symbol) {
        return symbol.replace("/", "");
    }

    void status(String exchangeSymbol, String status) {
        statuses.put(exchangeSymbol, status);
    }

    /** The spot symbol is no longer in the exchange information at all (delisted). */
    void delist(String exchangeSymbol, boolean delisted) {
        if (delisted) {
            this.delisted.add(exchangeSymbol);
        } else {
            this.delisted.remove(exchangeSymbol);
        }
    }

    /** The spot symbols listed: those with candles, less the delisted. */
    Set<String> listed(Set<String> withCandles) {
        Set<String> out = new TreeSet<>(withCandles);
        out.removeAll(delisted);
        return out;
    }

    void unlist(String coin) {
        unlisted.add(coin);
    }

    /**
     * {@code GET /api/v3/exchangeInfo} (one filter per symbol): each of {@code symbols} with its
     * status, {@code TRADING} unless set.
     */
    String spot(Set<String> symbols) {
        StringBuilder out = new StringBuilder();
        for (String s : new TreeSet<>(symbols)) {
            String quote = s.endsWith("USDT") ? "USDT" : s.substring(s.length() - 3);
            out.append(out.length() == 0 ? "" : ",").append("{\"symbol\":\"").append(s)
                    .append("\",\"status\":\"").append(statuses.getOrDefault(s, "TRADING"))
                    .append("\",\"baseAsset\":\"").append(s, 0, s.length() - quote.length())
                    .append("\",\"baseAssetPrecision\":8,\"quoteAsset\":\"").append(quote)
                    .append("\",\"quotePrecision\":8,\"quoteAssetPrecision\":8,"
                            + "\"orderTypes\":[\"LIMIT\",\"MARKET\"],\"icebergAllowed\":true,"
                            + "\"isSpotTradingAllowed\":true,\"isMarginTradingAllowed\":false,"
                            + "\"filters\":[{\"filterType\":\"PRICE_FILTER\",\"minPrice\":"
                            + "\"0.00010000\",\"maxPrice\":\"100000.00000000\",\"tickSize\":"
                            + "\"0.00010000\"}],\"permissions\":[\"SPOT\"]}");
        }
        return "{\"timezone\":\"UTC\",\"serverTime\":" + System.currentTimeMillis()
                + ",\"rateLimits\":[{\"rateLimitType\":\"REQUEST_WEIGHT\",\"interval\":"
                + "\"MINUTE\",\"intervalNum\":1,\"limit\":1200}],\"exchangeFilters\":[],"
                + "\"symbols\":[" + out + "]}";
    }

    /**
     * {@code GET /fapi/v1/exchangeInfo} (no filters): a perpetual of each of
     * {@link VenueListings#COINS} and of {@code withFunding} still listed, and a quarterly
     * contract of BTC, which is no perpetual.
     */
    String futures(Set<String> withFunding) {
        Set<String> names = new TreeSet<>(withFunding);
        VenueListings.COINS.forEach(c -> names.add(VenueListings.perpetual(VENUE, c)));
        StringBuilder symbols = new StringBuilder();
        for (String name : names) {
            String base = name.endsWith("USDT") ? name.substring(0, name.length() - 4) : name;
            if (unlisted.contains(base) || unlisted.contains(base.replaceFirst("^1000", ""))) {
                continue;
            }
            symbols.append(futuresSymbol(name, "PERPETUAL", base)).append(',');
        }
        symbols.append(futuresSymbol("BTCUSDT_260925", "CURRENT_QUARTER", "BTC"));
        return "{\"timezone\":\"UTC\",\"serverTime\":" + System.currentTimeMillis()
                + ",\"futuresType\":\"U_MARGINED\",\"rateLimits\":[{\"rateLimitType\":"
                + "\"REQUEST_WEIGHT\",\"interval\":\"MINUTE\",\"intervalNum\":1,\"limit\":2400}],"
                + "\"exchangeFilters\":[],\"assets\":[{\"asset\":\"USDT\",\"marginAvailable\":true,"
                + "\"autoAssetExchange\":\"-10000\"}],\"symbols\":[" + symbols + "]}";
    }

    private static String futuresSymbol(String name, String contractType, String base) {
        return "{\"symbol\":\"" + name + "\",\"pair\":\"" + name.replaceFirst("_.*", "")
                + "\",\"contractType\":\"" + contractType + "\",\"deliveryDate\":"
                + (contractType.equals("PERPETUAL") ? "4133404800000" : "1790323200000")
                + ",\"onboardDate\":1569398400000,\"status\":\"TRADING\","
                + "\"maintMarginPercent\":\"2.5000\",\"requiredMarginPercent\":\"5.0000\","
                + "\"baseAsset\":\"" + base + "\",\"quoteAsset\":\"USDT\",\"marginAsset\":\"USDT\","
                + "\"pricePrecision\":7,\"quantityPrecision\":0,\"baseAssetPrecision\":8,"
                + "\"quotePrecision\":8,\"underlyingType\":\"COIN\",\"underlyingSubType\":[],"
                + "\"settlePlan\":0,\"triggerProtect\":\"0.0500\",\"filters\":[],"
                + "\"orderTypes\":[\"LIMIT\",\"MARKET\"],\"timeInForce\":[\"GTC\",\"IOC\"]}";
    }
}
