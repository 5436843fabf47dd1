package io.regimeflow.connectors.exchange.universe;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * A universe of spot symbols instead of a fixed list ({@code symbols.universe}): every pair the
 * spot exchange lists with {@code quoteAsset} = {@link #quote} and {@code status} TRADING in
 * {@code GET /api/v3/exchangeInfo}, optionally only those whose 24h quote volume ({@code
 * quoteVolume} of {@code GET /api/v3/ticker/24hr}) is at least {@link #minQuoteVolume}; read
 * again every {@link #refresh}.
 *
 * @param quote the quote asset, upper case, as the exchange spells it: {@code USDT}, {@code USD}
 * @param minQuoteVolume the floor of the 24h volume in units of the quote asset (1000000: one
 *     million USDT); null: no floor, and the tickers are not asked for
 * @param refresh how often the exchange's list is read again by a live run (a bounded run reads it
 *     once, at start)
 */
public record SymbolUniverse(String quote, Double minQuoteVolume, Duration refresh)
        implements Serializable {

    /** How often the list is read again unless configured. */
    public static final Duration DEFAULT_REFRESH = Duration.ofHours(1);

    public SymbolUniverse {
        Objects.requireNonNull(quote, "quote");
        refresh = refresh == null ? DEFAULT_REFRESH : refresh;
        if (refresh.isNegative() || refresh.isZero()) {
            throw new IllegalArgumentException("refresh must be positive, was " + refresh);
        }
        if (minQuoteVolume != null && !(minQuoteVolume >= 0)) {
            throw new IllegalArgumentException("minQuoteVolume must be 0 or more, was "
                    + minQuoteVolume);
        }
    }

    /** Whether the 24h tickers are needed. */
    public boolean hasFloor() {
        return minQuoteVolume != null && minQuoteVolume > 0;
    }

    /** One line for logs and the run's greeting: {@code USDT pairs, 24h volume >= 1000000}. */
    public String describe() {
        return quote + " pairs TRADING" + (hasFloor() ? String.format(
                ", 24h quote volume >= %.0f %s", minQuoteVolume, quote) : "")
                + ", read again every " + refresh;
    }
}
