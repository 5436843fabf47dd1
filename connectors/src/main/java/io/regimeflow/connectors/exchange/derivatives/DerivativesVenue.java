package io.regimeflow.connectors.exchange.derivatives;

import com.fasterxml.jackson.annotation.JsonValue;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.annotation.Internal;

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

    private final VenueApi api;

    DerivativesVenue(VenueApi api) {
        this.api = api;
    }

    @Internal
    public VenueApi api() {
        return api;
    }

    /** The name in settings and records: {@code binance-usdm}, {@code bybit}, ... */
    @JsonValue
    public String id() {
        return api.id();
    }

    public URI defaultRestUrl() {
        return api.defaultRestUrl();
    }

    public URI defaultWebsocketUrl() {
        return api.defaultWebsocketUrl();
    }

    public int defaultWeightLimit() {
        return api.defaultWeightLimit();
    }

    public boolean offersLiquidations() {
        return api.offersLiquidations();
    }

    /**
     * What a user refused by venue {@code id} should do, the end of every refusal message:
     * {@code Set derivatives.venue to one that serves you (bybit, okx or hyperliquid)}.
     */
    public static String switchAdvice(String id) {
        return "Set derivatives.venue to one that serves you (" + alternativesTo(id) + ")";
    }

    /** The other venues, for a message: {@code bybit, okx or hyperliquid}. */
    public static String alternativesTo(String id) {
        List<String> others = Arrays.stream(values()).map(DerivativesVenue::id)
                .filter(v -> !v.equals(id)).toList();
        return String.join(", ", others.subList(0, others.size() - 1)) + " or "
                + others.get(others.size() - 1);
    }

    /** Its id: settings, records and messages name a venue so. */
    @Override
    public String toString() {
        return id();
    }
}
