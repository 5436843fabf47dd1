package io.regimeflow.connectors.binance;

import java.net.URI;
import java.time.Duration;

/**
 * One request at start-up, so that a venue refusing the region is said plainly before the job
 * runs (and shown on the dashboard), not only in a TaskManager's log: a day of funding of the
 * first symbol. Anything but a region refusal (a timeout, a 5xx) is left to the readers, which
 * retry.
 */
public final class VenueProbe {
    private VenueProbe() {}

    /** The venue's region refusal, or null when it answered or failed for another reason. */
    public static BinanceResponseException regionRefusal(DerivativesVenue venue, URI restUrl,
            String symbol, Duration timeout) throws InterruptedException {
        VenueApi api = venue.api();
        long now = System.currentTimeMillis();
        try {
            new BinanceHttp(restUrl, timeout, api).send(api.fundingRequest(api.perpetual(symbol),
                    now - 86_400_000L, now));
            return null;
        } catch (BinanceResponseException e) {
            return e.kind() == BinanceResponseException.Kind.REGION_REFUSED ? e : null;
        }
    }
}
