package io.regimeflow.model;

import java.util.regex.Pattern;

/**
 * Market symbols as users write them everywhere they see them: {@code BASE/QUOTE}, e.g. {@code
 * BTC/USDT}. Exchanges want {@code BTCUSDT}; that form exists only at the connector boundary.
 */
public final class Symbols {

    private static final Pattern BASE_QUOTE = Pattern.compile("[A-Z0-9]{2,15}/[A-Z0-9]{2,10}");

    private Symbols() {}

    /** True when {@code symbol} has the {@code BASE/QUOTE} form. */
    public static boolean isValid(String symbol) {
        return symbol != null && BASE_QUOTE.matcher(symbol).matches();
    }

    /**
     * Returns the symbol unchanged, or throws with a message that says what was expected.
     *
     * @throws IllegalArgumentException when the symbol is not {@code BASE/QUOTE}
     */
    public static String requireValid(String symbol) {
        if (!isValid(symbol)) {
            throw new IllegalArgumentException(describeProblem(symbol));
        }
        return symbol;
    }

    /** A one-line explanation of why {@code symbol} is not a valid symbol. */
    public static String describeProblem(String symbol) {
        if (symbol == null || symbol.isBlank()) {
            return "a symbol is empty; expected BASE/QUOTE such as BTC/USDT";
        }
        if (!symbol.contains("/")) {
            return "'" + symbol + "' has no '/'; expected BASE/QUOTE such as BTC/USDT";
        }
        return "'" + symbol + "' is not BASE/QUOTE in upper-case letters and digits, such as "
                + "BTC/USDT";
    }

    /** {@code BTC/USDT} -> {@code BTCUSDT}, the form Binance's spot and USD-M APIs use. */
    public static String toExchangeSymbol(String symbol) {
        return requireValid(symbol).replace("/", "");
    }
}
