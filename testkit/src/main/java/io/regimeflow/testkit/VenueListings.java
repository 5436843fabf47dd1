package io.regimeflow.testkit;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The perpetuals the fake venues list, each named as the real venue names it. Coins worth little
 * trade as multiples there: SHIB/USDT is {@code 1000SHIBUSDT} on Binance USD-M (base
 * {@code 1000SHIB}), {@code SHIB1000USDT} on Bybit, {@code kSHIB} on Hyperliquid, and
 * {@code SHIB-USDT-SWAP} of a million SHIB a contract on OKX; PEPE, BONK and FLOKI likewise
 * (names from the venues' own lists as public projects quote them).
 */
public final class VenueListings {

    /** The coins every fake venue lists, besides those it holds funding for. */
    public static final List<String> COINS = List.of("BTC", "ETH", "SOL", "XRP", "ADA", "DOGE",
            "AVAX", "DOT", "LINK", "LTC", "ATOM", "NEAR", "ALGO", "FIL", "SHIB", "PEPE", "BONK",
            "FLOKI");

    /** Coins the venues trade by the thousand. */
    private static final List<String> THOUSANDS = List.of("SHIB", "PEPE", "BONK", "FLOKI");

    /** OKX's {@code ctVal}: coins per contract of its USDT swaps. */
    private static final Map<String, BigDecimal> OKX_CONTRACT_VALUES = Map.ofEntries(
            Map.entry("BTC", new BigDecimal("0.01")), Map.entry("ETH", new BigDecimal("0.1")),
            Map.entry("SOL", BigDecimal.ONE), Map.entry("XRP", new BigDecimal("100")),
            Map.entry("ADA", new BigDecimal("100")), Map.entry("DOGE", new BigDecimal("1000")),
            Map.entry("AVAX", BigDecimal.ONE), Map.entry("DOT", BigDecimal.ONE),
            Map.entry("LINK", BigDecimal.ONE), Map.entry("LTC", BigDecimal.ONE),
            Map.entry("ATOM", BigDecimal.ONE), Map.entry("NEAR", BigDecimal.TEN),
            Map.entry("ALGO", BigDecimal.TEN), Map.entry("FIL", new BigDecimal("0.1")),
            Map.entry("SHIB", new BigDecimal("1000000")),
            Map.entry("PEPE", new BigDecimal("10000000")));

    private VenueListings() {}

    /** Coins of the spot pair's base per unit of the venue's perpetual: 1000 or 1. */
    public static int multiplier(String venue, String coin) {
        return THOUSANDS.contains(coin) && !venue.equals("okx") ? 1000 : 1;
    }

    /** The venue's base asset name of {@code coin}: {@code 1000SHIB}, {@code SHIB1000}, ... */
    public static String base(String venue, String coin) {
        if (!THOUSANDS.contains(coin)) {
            return coin;
        }
        return switch (venue) {
            case "hyperliquid" -> "k" + coin;
            case "bybit" -> coin.equals("SHIB") ? "SHIB1000" : "1000" + coin;
            case "okx" -> coin;
            default -> "1000" + coin;
        };
    }

    /** The venue's perpetual of {@code coin} against USDT. */
    public static String perpetual(String venue, String coin) {
        return switch (venue) {
            case "hyperliquid" -> base(venue, coin);
            case "okx" -> coin + "-USDT-SWAP";
            default -> base(venue, coin) + "USDT";
        };
    }

    /** The coin of a venue's perpetual, or null for a name it does not give. */
    public static String coin(String venue, String perpetual, Iterable<String> coins) {
        for (String c : coins) {
            if (perpetual(venue, c).equals(perpetual)) {
                return c;
            }
        }
        return null;
    }

    /** OKX's contract value of {@code coin}'s swap (1 where not known). */
    public static BigDecimal okxContractValue(String coin) {
        return OKX_CONTRACT_VALUES.getOrDefault(coin, BigDecimal.ONE);
    }
}
