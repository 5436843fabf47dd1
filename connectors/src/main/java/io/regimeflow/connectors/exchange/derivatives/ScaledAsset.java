package io.regimeflow.connectors.exchange.derivatives;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An asset name as the venues write a contract on many coins at once: {@code 1000SHIB}
 * (Binance USD-M, Bybit), {@code SHIB1000} (Bybit), {@code kSHIB} (Hyperliquid),
 * {@code 1000000MOG} and {@code 1MBABYDOGE} (Binance): the coin, and how many of it one unit is.
 * Any other name is one unit of itself ({@code 1INCH} included: a 1 alone is no multiplier).
 *
 * @param coin the coin the name counts, {@code SHIB}
 * @param units coins per unit of the name: 1, or a power of ten from 1000 up
 */
record ScaledAsset(String coin, BigDecimal units) {

    private static final Pattern PREFIX = Pattern.compile("(10{3,}|1M)([A-Z][A-Z0-9]*)");
    private static final Pattern SUFFIX = Pattern.compile("([A-Z][A-Z0-9]*[A-Z])(10{3,})");
    /** Hyperliquid's lower-case k; spot symbols are upper case, so it never hits one. */
    private static final Pattern KILO = Pattern.compile("k([A-Z][A-Z0-9]*)");

    static ScaledAsset of(String name) {
        Matcher m = PREFIX.matcher(name);
        if (m.matches()) {
            return new ScaledAsset(m.group(2), m.group(1).equals("1M")
                    ? BigDecimal.valueOf(1_000_000) : new BigDecimal(m.group(1)));
        }
        m = SUFFIX.matcher(name);
        if (m.matches()) {
            return new ScaledAsset(m.group(1), new BigDecimal(m.group(2)));
        }
        m = KILO.matcher(name);
        if (m.matches()) {
            return new ScaledAsset(m.group(1), BigDecimal.valueOf(1000));
        }
        return new ScaledAsset(name, BigDecimal.ONE);
    }
}
