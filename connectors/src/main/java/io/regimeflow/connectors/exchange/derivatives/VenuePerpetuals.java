package io.regimeflow.connectors.exchange.derivatives;

import java.math.BigDecimal;
import java.math.MathContext;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which perpetual of the derivatives venue each configured spot symbol reads, from the venue's
 * own list of perpetuals: {@code SHIB/USDT} is {@code 1000SHIBUSDT} on Binance USD-M,
 * {@code SHIB1000USDT} on Bybit, {@code kSHIB} on Hyperliquid, {@code SHIB-USDT-SWAP} on OKX;
 * a symbol the venue lists no perpetual for is {@linkplain #unlisted() unlisted} (no funding is
 * asked for it, no liquidation subscribed). A coin is matched by name first, then as a multiple
 * ({@link ScaledAsset}); the quote must match where the venue names one (Hyperliquid settles all
 * in USDC and names none).
 */
public final class VenuePerpetuals {

    /** Lines said in this JVM: the job's start-up and its readers say each once. */
    private static final Set<String> SAID = ConcurrentHashMap.newKeySet();

    private final String venue;
    private final Map<String, SpotPerpetual> bySymbol;
    private final List<String> unlisted;

    private VenuePerpetuals(String venue, Map<String, SpotPerpetual> bySymbol,
            List<String> unlisted) {
        this.venue = venue;
        this.bySymbol = Collections.unmodifiableMap(bySymbol);
        this.unlisted = List.copyOf(unlisted);
    }

    /** The perpetuals of {@code symbols} ({@code BASE/QUOTE}) among those the venue lists. */
    static VenuePerpetuals match(String venue, List<VenueApi.ListedPerpetual> listed,
            List<String> symbols) {
        Map<String, SpotPerpetual> found = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String symbol : symbols) {
            SpotPerpetual p = match(symbol, listed);
            if (p == null) {
                missing.add(symbol);
            } else {
                found.put(symbol, p);
            }
        }
        return new VenuePerpetuals(venue, found, missing);
    }

    /**
     * Every symbol read by the name the venue gives a plain perpetual ({@link
     * VenueApi#perpetual}), for when its list cannot be had; contract sizes are then unknown.
     */
    static VenuePerpetuals assumed(VenueApi api, List<String> symbols) {
        Map<String, SpotPerpetual> found = new LinkedHashMap<>();
        for (String symbol : symbols) {
            found.put(symbol, new SpotPerpetual(symbol, api.perpetual(symbol), BigDecimal.ONE,
                    api.countsContracts() ? null : BigDecimal.ONE));
        }
        return new VenuePerpetuals(api.id(), found, List.of());
    }

    private static SpotPerpetual match(String symbol, List<VenueApi.ListedPerpetual> listed) {
        String base = symbol.substring(0, symbol.indexOf('/'));
        String quote = symbol.substring(symbol.indexOf('/') + 1);
        ScaledAsset spot = ScaledAsset.of(base);
        VenueApi.ListedPerpetual best = null;
        BigDecimal bestMultiplier = null;
        for (VenueApi.ListedPerpetual p : listed) {
            if (p.quote() != null && !p.quote().equals(quote)) {
                continue;
            }
            ScaledAsset a = ScaledAsset.of(p.base());
            if (!a.coin().equals(spot.coin())) {
                continue;
            }
            BigDecimal multiplier = a.units().divide(spot.units(), MathContext.DECIMAL64)
                    .stripTrailingZeros();
            // The same name first, then one unit of the coin, then the smallest multiple.
            if (best == null || rank(p, base, multiplier) < rank(best, base, bestMultiplier)
                    || (rank(p, base, multiplier) == rank(best, base, bestMultiplier)
                            && multiplier.compareTo(bestMultiplier) < 0)) {
                best = p;
                bestMultiplier = multiplier;
            }
        }
        return best == null ? null : new SpotPerpetual(symbol, best.name(), bestMultiplier,
                best.contractSize());
    }

    private static int rank(VenueApi.ListedPerpetual p, String base, BigDecimal multiplier) {
        return p.base().equals(base) ? 0 : multiplier.compareTo(BigDecimal.ONE) == 0 ? 1 : 2;
    }

    /** The venue's id: {@code bybit}, ... */
    public String venue() {
        return venue;
    }

    /** The perpetual of {@code symbol}, or null when the venue lists none. */
    public SpotPerpetual of(String symbol) {
        return bySymbol.get(symbol);
    }

    /** The configured symbols the venue lists no perpetual for, in configured order. */
    public List<String> unlisted() {
        return unlisted;
    }

    /** The perpetuals that count several coins a unit ({@code 1000SHIBUSDT}), by symbol. */
    public Map<String, SpotPerpetual> scaled() {
        Map<String, SpotPerpetual> out = new LinkedHashMap<>();
        bySymbol.forEach((s, p) -> {
            if (p.scaled()) {
                out.put(s, p);
            }
        });
        return out;
    }

    /**
     * The one line that names the symbols without a perpetual, or null when there are none:
     * {@code derivatives venue bybit (api.bybit.com) lists no perpetual for NOPE/USDT: no
     * funding and no liquidations for it; the other symbols and the spot analyses go on}.
     */
    public String unlistedLine(String host) {
        if (unlisted.isEmpty()) {
            return null;
        }
        boolean one = unlisted.size() == 1;
        return "derivatives venue " + venue + " (" + host + ") lists no perpetual for "
                + String.join(", ", unlisted) + ": no funding and no liquidations for "
                + (one ? "it" : "them") + "; the other symbols and the spot analyses go on";
    }

    /**
     * The line saying which symbols read a perpetual of many coins and at what scale, or null:
     * {@code SHIB/USDT reads 1000SHIBUSDT (1000 coins a unit: prices divided, quantities
     * multiplied by 1000)}.
     */
    public String scaledLine() {
        Map<String, SpotPerpetual> scaled = scaled();
        if (scaled.isEmpty()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        scaled.forEach((s, p) -> parts.add(s + " reads " + p.name() + " ("
                + p.multiplier().toPlainString() + " coins a unit)"));
        return "derivatives venue " + venue + ": " + String.join(", ", parts)
                + "; its prices are divided and its quantities multiplied to the spot pair's";
    }

    /**
     * Whether {@code line} about the venue at {@code restUrl} is said for the first time in this
     * JVM: the start-up probe and every reader find the same symbols unlisted, and a local run
     * has them all in one process.
     */
    static boolean firstTime(URI restUrl, String line) {
        return line != null && SAID.add(restUrl + " " + line);
    }
}
