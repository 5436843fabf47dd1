package io.regimeflow.connectors.exchange.derivatives;

import io.regimeflow.connectors.exchange.http.ExchangeResponseException;
import io.regimeflow.connectors.exchange.http.HostGate;
import io.regimeflow.connectors.exchange.http.RetryPolicy;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.annotation.Internal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reader's one look at the derivatives venue's list of perpetuals, before any funding is asked
 * for or any liquidation subscribed: it says which perpetual each configured symbol reads
 * ({@link VenuePerpetuals}). Asked through the venue's gate like any request (its weight, its
 * waits); a page at a time (Bybit pages its list). Until it is known the funding and liquidation
 * splits wait. A venue that will not give its list (a 4xx, a region it refuses, answers that
 * cannot be read three times in a row) leaves every symbol on its plain perpetual name, as
 * before there was a list. Used from the reader's fetch thread only.
 */
@Internal
public final class PerpetualLookup {
    private static final Logger LOG = LoggerFactory.getLogger(PerpetualLookup.class);

    /** Unreadable answers in a row before the list is given up. */
    static final int UNREADABLE_LIMIT = 3;

    private final VenueApi api;
    private final HostGate gate;
    private final URI restUrl;
    private final List<String> symbols;
    private final RetryPolicy reads;
    private final List<VenueApi.ListedPerpetual> listed = new ArrayList<>();
    private String cursor;
    private int unreadable;
    private VenuePerpetuals result;
    /** Whether the list was given up: symbols added later read their plain perpetual too. */
    private boolean assumed;

    /** @param symbols every configured symbol: each reader names the same unlisted ones */
    public PerpetualLookup(VenueApi api, HostGate gate, URI restUrl, List<String> symbols) {
        this.api = api;
        this.gate = gate;
        this.reads = gate.newReadsPolicy();
        this.restUrl = restUrl;
        this.symbols = List.copyOf(symbols);
    }

    /** The symbols' perpetuals, or null while the list is not known yet. */
    public VenuePerpetuals result() {
        return result;
    }

    /**
     * The perpetual of {@code symbol} once the list is known ({@link #poll} returned true), or
     * null when the venue lists none. A symbol given at construction is looked up in the result;
     * one a universe added later is matched against the same list (read once per reader: a
     * perpetual the venue listed after that is not seen until the job restarts).
     */
    public SpotPerpetual of(String symbol) {
        if (result == null || symbols.contains(symbol)) {
            return result == null ? null : result.of(symbol);
        }
        List<String> one = List.of(symbol);
        VenuePerpetuals matched = assumed ? VenuePerpetuals.assumed(api, one)
                : VenuePerpetuals.match(api.id(), listed, one);
        return matched.of(symbol);
    }

    /** The earliest wall-clock time the next page may be asked for. */
    public long readyAt(long now) {
        return Math.max(now + reads.waitBeforeRequest(),
                gate.readyAt(api.perpetualsRequest(cursor).weight()));
    }

    /** Asks for the next page, if it is time; true once the result is known. */
    public boolean poll(long now) throws InterruptedException {
        if (result != null) {
            return true;
        }
        if (readyAt(now) > now) {
            return false;
        }
        VenueApi.PerpetualPage page;
        try {
            page = gate.fetch(api.perpetualsRequest(cursor), r -> api.perpetuals(r.body()), reads);
        } catch (ExchangeResponseException e) {
            switch (e.kind()) {
                case REJECTED -> giveUp(e.getMessage());
                // The funding requests will meet the refusal too and say it, once.
                case REGION_REFUSED -> {
                    result = VenuePerpetuals.assumed(api, symbols);
                    assumed = true;
                }
                case MALFORMED -> {
                    if (++unreadable >= UNREADABLE_LIMIT) {
                        giveUp(unreadable + " answers in a row that could not be read, the last: "
                                + e.getMessage());
                    }
                }
                default -> { } // the gate waits as the host asked, then it is asked again
            }
            return result != null;
        }
        unreadable = 0;
        listed.addAll(page.perpetuals());
        cursor = page.nextCursor();
        if (cursor != null) {
            return false;
        }
        result = VenuePerpetuals.match(api.id(), listed, symbols);
        String unlisted = result.unlistedLine(restUrl.getHost());
        if (VenuePerpetuals.firstTime(restUrl, unlisted)) {
            LOG.warn(unlisted);
        }
        String scaled = result.scaledLine();
        if (VenuePerpetuals.firstTime(restUrl, scaled)) {
            LOG.info(scaled);
        }
        return true;
    }

    private void giveUp(String why) {
        result = VenuePerpetuals.assumed(api, symbols);
        assumed = true;
        LOG.warn("derivatives venue {} ({}): its list of perpetuals cannot be read ({}); each "
                + "symbol reads its plain perpetual ({}), and one the venue trades only as a "
                + "multiple (1000SHIBUSDT) gets nothing{}", api.id(), gate.host(), why,
                symbols.isEmpty() ? api.perpetual("BTC/USDT")
                        : api.perpetual(symbols.get(0)), api.countsContracts()
                        ? "; no liquidations: their contract sizes are in that list" : "");
    }
}
