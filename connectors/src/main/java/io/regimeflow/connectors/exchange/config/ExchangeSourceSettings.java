package io.regimeflow.connectors.exchange.config;

import io.regimeflow.connectors.exchange.derivatives.DerivativesVenue;
import io.regimeflow.connectors.exchange.http.ExchangeUnreachableException;
import io.regimeflow.connectors.exchange.split.ExchangeStream;
import io.regimeflow.connectors.exchange.universe.SymbolUniverse;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything the exchange source needs, immutable and serializable (it travels with the job
 * graph); made with {@link #builder}, whose defaults are those of the job's configuration. Times
 * are epoch milliseconds (they are split cursors); spans are {@link Duration}s.
 *
 * @param spotUrl Binance.US REST base URL ({@code binance.spot-url}), e.g. https://api.binance.us
 * @param venue the derivatives venue funding and liquidations come from ({@code
 *     derivatives.venue})
 * @param derivativesRestUrl the venue's REST base URL ({@code derivatives.rest-url}), e.g.
 *     https://fapi.binance.com
 * @param derivativesWebsocketUrl the venue's websocket base URL ({@code
 *     derivatives.websocket-url}), e.g. wss://fstream.binance.com
 * @param startMs open time of the first 1m candle
 * @param endMs exclusive end: set, a bounded run of history (no depth, no liquidations); null,
 *     backfill and then follow the market
 * @param fundingStartMs first funding settlement time asked for
 * @param pollDelay how long after a minute closes its candle is asked for (the exchange needs a
 *     moment to close it); also the spacing of attempts to fill a hole
 * @param depthInterval an order-book snapshot every this often, once the candles are live
 * @param fundingPoll how often new settlements are looked for
 * @param weightShare the share of each host's weight limit this job may use, split between readers
 * @param giveUpAfter a bounded run whose host has given no answer at all (no HTTP status) this
 *     long fails, and is not restarted ({@link ExchangeUnreachableException}); a live run keeps
 *     asking
 * @param gapRetries how many times a hole in the candles is asked for again before it is taken as
 *     a real gap of the exchange
 * @param quietAfter a symbol without a new candle this long, while the exchange answers, stops
 *     holding back the watermark ({@code source.idleness})
 * @param live how live candles and books arrive: websocket streams or REST polling
 * @param universe null: {@code symbols} is the fixed list to read; set: the symbols are this
 *     universe, read from the exchange at start and every refresh, and {@code symbols} is what
 *     the job read of it before it started (possibly empty)
 */
public record ExchangeSourceSettings(
        List<String> symbols,
        URI spotUrl,
        DerivativesVenue venue,
        URI derivativesRestUrl,
        URI derivativesWebsocketUrl,
        long startMs,
        Long endMs,
        long fundingStartMs,
        Duration pollDelay,
        Duration depthInterval,
        int depthLimit,
        Duration fundingPoll,
        int spotWeightLimit,
        int derivativesWeightLimit,
        double weightShare,
        Duration requestTimeout,
        Duration giveUpAfter,
        int gapRetries,
        Duration quietAfter,
        boolean depth,
        boolean funding,
        boolean liquidations,
        SpotLive live,
        SymbolUniverse universe)
        implements Serializable {

    public ExchangeSourceSettings {
        symbols = List.copyOf(symbols);
        Objects.requireNonNull(spotUrl, "spotUrl");
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(derivativesRestUrl, "derivativesRestUrl");
        Objects.requireNonNull(derivativesWebsocketUrl, "derivativesWebsocketUrl");
        Objects.requireNonNull(live, "live");
    }

    /**
     * Settings for {@code symbols} ({@code BASE/QUOTE}) from {@code startMs}, everything else as
     * the job's defaults have it: Binance.US spot, Binance USD-M at its own URLs, live.
     */
    public static Builder builder(List<String> symbols, long startMs) {
        return new Builder(symbols, startMs);
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    public boolean bounded() {
        return endMs != null;
    }

    /** The streams this run reads: history only for a bounded run. */
    public List<ExchangeStream> streams() {
        List<ExchangeStream> s = new ArrayList<>();
        s.add(ExchangeStream.KLINES);
        if (funding) {
            s.add(ExchangeStream.FUNDING);
        }
        if (!bounded() && depth) {
            s.add(ExchangeStream.DEPTH);
        }
        if (!bounded() && liquidations && venue.offersLiquidations()) {
            s.add(ExchangeStream.LIQUIDATIONS);
        }
        return s;
    }

    /** Builds {@link ExchangeSourceSettings}; defaults as {@code regimeflow-defaults.yaml}. */
    public static final class Builder {
        private List<String> symbols;
        private URI spotUrl = URI.create("https://api.binance.us");
        private DerivativesVenue venue = DerivativesVenue.BINANCE_USDM;
        private URI derivativesRestUrl;
        private URI derivativesWebsocketUrl;
        private Integer derivativesWeightLimit;
        private long startMs;
        private Long endMs;
        private Long fundingStartMs;
        private Duration pollDelay = Duration.ofSeconds(2);
        private Duration depthInterval = Duration.ofMinutes(1);
        private int depthLimit = 100;
        private Duration fundingPoll = Duration.ofMinutes(1);
        private int spotWeightLimit = 1200;
        private double weightShare = 0.5;
        private Duration requestTimeout = Duration.ofSeconds(10);
        private Duration giveUpAfter = Duration.ofMinutes(10);
        private int gapRetries = 3;
        private Duration quietAfter = Duration.ofMinutes(1);
        private boolean depth = true;
        private boolean funding = true;
        private boolean liquidations = true;
        private SpotLive live = SpotLive.streams();
        private SymbolUniverse universe;

        private Builder(List<String> symbols, long startMs) {
            this.symbols = symbols;
            this.startMs = startMs;
        }

        private Builder(ExchangeSourceSettings s) {
            this(s.symbols, s.startMs);
            spotUrl = s.spotUrl;
            venue = s.venue;
            derivativesRestUrl = s.derivativesRestUrl;
            derivativesWebsocketUrl = s.derivativesWebsocketUrl;
            derivativesWeightLimit = s.derivativesWeightLimit;
            endMs = s.endMs;
            fundingStartMs = s.fundingStartMs;
            pollDelay = s.pollDelay;
            depthInterval = s.depthInterval;
            depthLimit = s.depthLimit;
            fundingPoll = s.fundingPoll;
            spotWeightLimit = s.spotWeightLimit;
            weightShare = s.weightShare;
            requestTimeout = s.requestTimeout;
            giveUpAfter = s.giveUpAfter;
            gapRetries = s.gapRetries;
            quietAfter = s.quietAfter;
            depth = s.depth;
            funding = s.funding;
            liquidations = s.liquidations;
            live = s.live;
            universe = s.universe;
        }

        public Builder spotUrl(URI url) {
            spotUrl = url;
            return this;
        }

        /** The derivatives venue; its own URLs and weight limit unless set. */
        public Builder venue(DerivativesVenue v) {
            venue = v;
            return this;
        }

        /** The venue's REST URL; null: the venue's own. */
        public Builder derivativesRestUrl(URI url) {
            derivativesRestUrl = url;
            return this;
        }

        /** The venue's websocket URL; null: the venue's own. */
        public Builder derivativesWebsocketUrl(URI url) {
            derivativesWebsocketUrl = url;
            return this;
        }

        /** The venue's weight limit a minute; null: the venue's own. */
        public Builder derivativesWeightLimit(Integer limit) {
            derivativesWeightLimit = limit;
            return this;
        }

        /** Exclusive end of a bounded run; null: live. */
        public Builder endMs(Long end) {
            endMs = end;
            return this;
        }

        /** First funding settlement time asked for; by default the start. */
        public Builder fundingStartMs(long start) {
            fundingStartMs = start;
            return this;
        }

        public Builder pollDelay(Duration d) {
            pollDelay = d;
            return this;
        }

        public Builder depthInterval(Duration d) {
            depthInterval = d;
            return this;
        }

        public Builder depthLimit(int levels) {
            depthLimit = levels;
            return this;
        }

        public Builder fundingPoll(Duration d) {
            fundingPoll = d;
            return this;
        }

        public Builder spotWeightLimit(int limit) {
            spotWeightLimit = limit;
            return this;
        }

        public Builder weightShare(double share) {
            weightShare = share;
            return this;
        }

        public Builder requestTimeout(Duration d) {
            requestTimeout = d;
            return this;
        }

        public Builder giveUpAfter(Duration d) {
            giveUpAfter = d;
            return this;
        }

        public Builder gapRetries(int retries) {
            gapRetries = retries;
            return this;
        }

        public Builder quietAfter(Duration d) {
            quietAfter = d;
            return this;
        }

        /** Which of the optional streams are read (candles always are). */
        public Builder streams(boolean withDepth, boolean withFunding, boolean withLiquidations) {
            depth = withDepth;
            funding = withFunding;
            liquidations = withLiquidations;
            return this;
        }

        /** How live candles and books arrive; by default Binance.US's websocket streams. */
        public Builder live(SpotLive l) {
            live = l;
            return this;
        }

        /** The symbols are a universe (its symbols at start: the builder's); null: a list. */
        public Builder universe(SymbolUniverse u) {
            universe = u;
            return this;
        }

        public ExchangeSourceSettings build() {
            return new ExchangeSourceSettings(symbols, spotUrl, venue,
                    derivativesRestUrl != null ? derivativesRestUrl : venue.defaultRestUrl(),
                    derivativesWebsocketUrl != null ? derivativesWebsocketUrl
                            : venue.defaultWebsocketUrl(), startMs, endMs,
                    fundingStartMs != null ? fundingStartMs : startMs, pollDelay, depthInterval,
                    depthLimit, fundingPoll, spotWeightLimit, derivativesWeightLimit != null
                            ? derivativesWeightLimit : venue.defaultWeightLimit(), weightShare,
                    requestTimeout, giveUpAfter, gapRetries, quietAfter, depth, funding,
                    liquidations, live, universe);
        }
    }
}
