package io.regimeflow.connectors.exchange.derivatives;

import io.regimeflow.connectors.exchange.http.ExchangeHttp;
import io.regimeflow.connectors.exchange.http.ExchangeResponseException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the job asks the derivatives venue once at start-up, so that what it will not serve is
 * said plainly before the job runs (and shown on the dashboard), not only in a TaskManager's
 * log: its list of perpetuals (which configured symbols have none there), and a day of funding
 * of the first symbol that has one (a venue refusing the region). Anything else that goes wrong
 * (a timeout, a 5xx) is left to the readers, which ask again.
 */
public final class VenueProbe {

    /** Pages of a venue's list read at most (Bybit: 1000 a page). */
    private static final int MAX_PAGES = 20;

    private VenueProbe() {}

    /**
     * What the venue said.
     *
     * @param regionRefusal its refusal of this region (HTTP 451, or a 403 that says so), or null
     * @param perpetuals the configured symbols' perpetuals, or null when its list could not be
     *     had
     */
    public record Outcome(ExchangeResponseException regionRefusal, VenuePerpetuals perpetuals) {}

    /** Asks the venue at {@code restUrl} about {@code symbols} ({@code BASE/QUOTE}). */
    public static Outcome check(DerivativesVenue venue, URI restUrl, List<String> symbols,
            Duration timeout) throws InterruptedException {
        VenueApi api = venue.api();
        ExchangeHttp http = new ExchangeHttp(restUrl, timeout, api);
        VenuePerpetuals perpetuals;
        try {
            List<VenueApi.ListedPerpetual> listed = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                VenueApi.PerpetualPage page = api.perpetuals(
                        http.send(api.perpetualsRequest(cursor)).body());
                listed.addAll(page.perpetuals());
                cursor = page.nextCursor();
            } while (cursor != null && ++pages < MAX_PAGES);
            perpetuals = VenuePerpetuals.match(api.id(), listed, symbols);
        } catch (ExchangeResponseException e) {
            return new Outcome(refusal(e), null);
        }
        SpotPerpetual first = symbols.stream().map(perpetuals::of)
                .filter(p -> p != null).findFirst().orElse(null);
        if (first != null) {
            long now = System.currentTimeMillis();
            try {
                http.send(api.fundingRequest(first.name(), now - 86_400_000L, now));
            } catch (ExchangeResponseException e) {
                return new Outcome(refusal(e), perpetuals);
            }
        }
        return new Outcome(null, perpetuals);
    }

    /**
     * The line naming the symbols without a perpetual, the first time it is said in this JVM
     * (the readers of a local run find the same and say nothing more); else null.
     */
    public static String unlistedNotice(VenuePerpetuals perpetuals, URI restUrl) {
        String line = perpetuals.unlistedLine(restUrl.getHost());
        return VenuePerpetuals.firstTime(restUrl, line) ? line : null;
    }

    private static ExchangeResponseException refusal(ExchangeResponseException e) {
        return e.kind() == ExchangeResponseException.Kind.REGION_REFUSED ? e : null;
    }
}
