package io.regimeflow.connectors.binance;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The derivatives venues funding and liquidations can come from (setting
 * {@code derivatives.venue}). Binance.US has no futures, and each venue refuses some regions, so
 * a user picks one that serves them.
 */
public enum DerivativesVenue {
    BINANCE_USDM(new BinanceUsdmApi()),
    BYBIT(new BybitApi()),
    OKX(new OkxApi()),
    HYPERLIQUID(new HyperliquidApi());

    private final transient VenueApi api;

    DerivativesVenue(VenueApi api) {
        this.api = api;
    }

    VenueApi api() {
        return api;
    }

    /** The name in settings and records: {@code binance-usdm}, {@code bybit}, ... */
    public String id() {
        return api.id();
    }

    public java.net.URI defaultRestUrl() {
        return api.defaultRestUrl();
    }

    public java.net.URI defaultWebsocketUrl() {
        return api.defaultWebsocketUrl();
    }

    public int defaultWeightLimit() {
        return api.defaultWeightLimit();
    }

    public boolean offersLiquidations() {
        return api.offersLiquidations();
    }

    /** The other venues, for a message: {@code bybit, okx or hyperliquid}. */
    public static String alternativesTo(String id) {
        List<String> others = Arrays.stream(values()).map(DerivativesVenue::id)
                .filter(v -> !v.equals(id)).toList();
        return String.join(", ", others.subList(0, others.size() - 1)) + " or "
                + others.get(others.size() - 1);
    }

    /** The venue named {@code id}, or an exception listing the known ones. */
    public static DerivativesVenue of(String id) {
        for (DerivativesVenue v : values()) {
            if (v.id().equals(id.toLowerCase(Locale.ROOT))) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown derivatives venue '" + id + "': expected "
                + String.join(", ", Arrays.stream(values()).map(DerivativesVenue::id).toList()));
    }
}
