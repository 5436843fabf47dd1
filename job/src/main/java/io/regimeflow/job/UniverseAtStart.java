package io.regimeflow.job;

import io.regimeflow.connectors.exchange.http.ExchangeHttp;
import io.regimeflow.connectors.exchange.http.ExchangeResponseException;
import io.regimeflow.connectors.exchange.universe.SymbolUniverse;
import io.regimeflow.connectors.exchange.universe.UniverseListing;
import io.regimeflow.job.config.RegimeflowConfig;
import java.io.PrintStream;
import java.net.URI;

/**
 * Reads a configured universe of symbols once before the job is built ({@code symbols:
 * {universe: ...}}): the job's graph (the correlation's pairs, the run's report) is made for the
 * symbols in it now; the source then follows the exchange's list while it runs. A universe that
 * cannot be read stops the run here, with one line naming the host and the cause.
 */
final class UniverseAtStart {

    private UniverseAtStart() {}

    /** The connector's form of the configured universe; null for a list of symbols. */
    static SymbolUniverse of(RegimeflowConfig config) {
        RegimeflowConfig.Universe u = config.universe();
        return u == null ? null : new SymbolUniverse(u.quote(), u.minQuoteVolume(), u.refresh());
    }

    /**
     * The configuration with {@code symbols} set to the universe's members, or unchanged when
     * {@code symbols} is a list.
     *
     * @throws StartupChecks.Refused when the exchange cannot be asked, answers something that is
     *     not its list, or lists no pair of the universe
     */
    static RegimeflowConfig resolve(RegimeflowConfig config, PrintStream out)
            throws StartupChecks.Refused {
        SymbolUniverse universe = of(config);
        if (universe == null) {
            return config;
        }
        URI spot = URI.create(config.binance().spotUrl());
        UniverseListing listing;
        try {
            listing = UniverseListing.read(new ExchangeHttp(spot,
                    config.binance().requestTimeout()), universe, spot.getHost());
        } catch (ExchangeResponseException e) {
            throw new StartupChecks.Refused(RegimeflowCli.FAILED, "regimeflow: cannot read the "
                    + "universe of symbols (" + universe.describe() + ") from " + spot.getHost()
                    + ": " + e.getMessage() + "; nothing to read, so the run stops");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupChecks.Refused(RegimeflowCli.FAILED, "regimeflow: interrupted "
                    + "while reading the universe of symbols from " + spot.getHost());
        }
        if (listing.members().isEmpty()) {
            throw new StartupChecks.Refused(RegimeflowCli.BAD_CONFIG, "regimeflow: config "
                    + "error: symbols.universe = " + universe.describe() + ": " + spot.getHost()
                    + " lists no such pair (" + listing.left().size() + " pairs of "
                    + universe.quote() + " left out); expected a quote asset it trades, or a "
                    + "lower symbols.universe.min-quote-volume");
        }
        out.println("regimeflow: universe of " + universe.describe() + ": "
                + listing.members().size() + " symbols on " + spot.getHost() + " now "
                + listing.members() + (listing.left().isEmpty() ? ""
                        : "; left out: " + listing.left()));
        return config.withSymbols(listing.members().stream().toList());
    }
}
