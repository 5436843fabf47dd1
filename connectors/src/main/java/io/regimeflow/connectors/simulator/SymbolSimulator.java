package io.regimeflow.connectors.simulator;

import io.regimeflow.connectors.simulator.ShockSchedule.Shock;
import io.regimeflow.model.Candle;
import io.regimeflow.model.FundingSettlement;
import io.regimeflow.model.Liquidation;
import io.regimeflow.model.MarketData;
import io.regimeflow.model.OrderBook;
import io.regimeflow.model.OrderSide;
import io.regimeflow.model.PriceLevel;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * One symbol's market, minute by minute: a 1m candle (sometimes missing), and when due an order
 * book, a funding settlement and the minute's liquidations, emitted in event-time order.
 *
 * <p>Returns load on a market factor shared by every symbol (so symbols correlate) and on their
 * own noise. Volatility drifts week to week and jumps in shocks, market-wide or the symbol's own
 * (the latter decorrelate it). Funding follows an autoregressive process that spikes in shocks;
 * liquidations come in bursts during shocks, mostly on the losing side.
 */
public final class SymbolSimulator {

    private static final String VENUE = "simulator";
    private static final long MINUTE = Candle.DURATION_MS;
    private static final long HOUR = 3_600_000L;
    private static final long WEEK = 7 * 24 * HOUR;
    private static final int BOOK_LEVELS = 20;
    /** Binance's default: 0.01% per 8 hours. */
    private static final double FUNDING_BASE_PER_HOUR = 0.0001 / 8;

    private final SimulatorSettings settings;
    private final String symbol;
    private final SymbolProfile profile;
    private final long scope;
    private final double minuteSigma;
    private final ShockSchedule marketShocks;
    private final ShockSchedule ownShocks;
    private SimulatorCursor cursor;

    public SymbolSimulator(SimulatorSettings settings, String symbol, SimulatorCursor cursor) {
        this.settings = settings;
        this.symbol = symbol;
        this.profile = SymbolProfile.of(symbol);
        this.scope = DeterministicRandom.symbolScope(symbol);
        this.minuteSigma = profile.dailyVolatility() / Math.sqrt(1440);
        this.marketShocks = new ShockSchedule(settings.seed(), DeterministicRandom.MARKET_SCOPE,
                settings.shocksPerDay());
        this.ownShocks = new ShockSchedule(settings.seed(), scope, settings.shocksPerDay() / 3,
                settings.plantedShocks().stream().filter(p -> p.symbol().equals(symbol))
                        .toList());
        this.cursor = cursor;
    }

    /** Where a symbol's simulation starts. */
    public static SimulatorCursor initialCursor(SimulatorSettings settings, String symbol) {
        SymbolProfile p = SymbolProfile.of(symbol);
        return new SimulatorCursor(settings.startMs(), Math.log(p.startPrice()),
                FUNDING_BASE_PER_HOUR * settings.fundingIntervalHours());
    }

    public String symbol() {
        return symbol;
    }

    /** The state to checkpoint: the next call of {@link #emitNextMinute} continues from it. */
    public SimulatorCursor cursor() {
        return cursor;
    }

    /** Open time of the next minute to emit. */
    public long nextOpenTime() {
        return cursor.nextOpenTime();
    }

    /** Whether a bounded run has emitted its last minute. */
    public boolean finished() {
        return settings.endMs() != null && cursor.nextOpenTime() >= settings.endMs();
    }

    /** Emits the next minute's records in event-time order and advances the cursor. */
    public void emitNextMinute(Consumer<MarketData> out) {
        long t = cursor.nextOpenTime();
        double logOpen = cursor.logPrice();
        BigDecimal open = price(Math.exp(logOpen));
        double fundingRate = cursor.fundingRate();

        Shock market = marketShocks.at(t);
        Shock own = ownShocks.at(t);
        Shock shock = own.volMultiplier() > market.volMultiplier() ? own : market;
        double sigma = minuteSigma * volatilityLevel(t) * shock.volMultiplier();

        SplittableRandom m = DeterministicRandom.rng(settings.seed(),
                DeterministicRandom.MARKET_SCOPE, DeterministicRandom.MARKET_RETURN, t);
        SplittableRandom r = DeterministicRandom.rng(settings.seed(), scope,
                DeterministicRandom.OWN_RETURN, t);
        // In the symbol's own shock it decouples from the market: that is a correlation break.
        double beta = own.active() && own.volMultiplier() >= market.volMultiplier()
                ? profile.beta() * 0.2 : profile.beta();
        double z = beta * m.nextGaussian() + Math.sqrt(1 - beta * beta) * r.nextGaussian();
        if (r.nextDouble() < 0.0002) {
            z += (r.nextBoolean() ? 5 : -5); // rare jumps: fat tails
        }
        // Shocks trend in their first half: the crash (or squeeze) that liquidates.
        double drift = shock.active() && shock.progress() < 0.5
                ? shock.direction() * sigma * 0.15 * Math.min(1, (shock.volMultiplier() - 1) / 2)
                : 0;
        double ret = drift + sigma * z;
        double logClose = logOpen + ret;
        BigDecimal close = price(Math.exp(logClose));

        if (t % (settings.fundingIntervalHours() * HOUR) == 0) {
            double[] next = nextFunding(t, fundingRate, shock);
            fundingRate = next[0];
            out.accept(new FundingSettlement(symbol, VENUE, t, rate(next[1]),
                    settings.fundingIntervalHours(), open));
        }
        emitLiquidations(t, open.doubleValue(), close.doubleValue(), shock, out);
        long closeTime = t + MINUTE - 1;
        if ((t / MINUTE + 1) % settings.bookIntervalMinutes() == 0) {
            out.accept(book(closeTime, close.doubleValue(), sigma));
        }
        SplittableRandom gap = DeterministicRandom.rng(settings.seed(), scope,
                DeterministicRandom.GAP, t);
        if (gap.nextDouble() >= settings.gapProbability()) {
            out.accept(candle(t, open, close, sigma, z));
        }
        cursor = new SimulatorCursor(t + MINUTE, logClose, fundingRate);
    }

    /** A slowly drifting volatility level, interpolated between weekly draws. */
    private double volatilityLevel(long t) {
        long week = Math.floorDiv(t, WEEK);
        double frac = (double) (t - week * WEEK) / WEEK;
        double a = weekLevel(week);
        double b = weekLevel(week + 1);
        return a + (b - a) * frac;
    }

    private double weekLevel(long week) {
        return Math.exp(settings.drift() * DeterministicRandom.rng(settings.seed(), scope,
                DeterministicRandom.LEVEL, week).nextGaussian());
    }

    private Candle candle(long t, BigDecimal open, BigDecimal close, double sigma, double z) {
        SplittableRandom r = DeterministicRandom.rng(settings.seed(), scope,
                DeterministicRandom.CANDLE_SHAPE, t);
        double o = open.doubleValue();
        double c = close.doubleValue();
        BigDecimal high = price(Math.max(o, c) * (1 + Math.abs(r.nextGaussian()) * sigma * 0.5));
        BigDecimal low = price(Math.min(o, c) * (1 - Math.abs(r.nextGaussian()) * sigma * 0.5));
        high = high.max(open).max(close);
        low = low.min(open).min(close);
        double activity = Math.exp(0.5 * r.nextGaussian()) * (1 + 0.4 * Math.abs(z))
                * Math.pow(sigma / minuteSigma, 0.8);
        BigDecimal volume = qty(profile.minuteVolume() * activity);
        double vwap = (o + c + high.doubleValue() + low.doubleValue()) / 4;
        double buyShare = Math.min(0.95, Math.max(0.05, 0.5 + 0.15 * z + 0.05 * r.nextGaussian()));
        BigDecimal takerBuyBase = qty(volume.doubleValue() * buyShare).min(volume);
        long trades = Math.max(1, Math.round(volume.doubleValue() * vwap / 400
                * Math.exp(0.3 * r.nextGaussian())));
        return new Candle(symbol, t, open, high, low, close, volume, quote(volume, vwap), trades,
                takerBuyBase, quote(takerBuyBase, vwap));
    }

    private OrderBook book(long time, double mid, double sigma) {
        SplittableRandom r = DeterministicRandom.rng(settings.seed(), scope,
                DeterministicRandom.BOOK, time);
        double tick = Math.pow(10, -profile.priceScale());
        double step = Math.max(tick, mid * 0.0002);
        double halfSpread = tick * (1 + r.nextInt(3)) + mid * sigma * 0.05;
        double depth = profile.minuteVolume() * 0.4;
        // Two walls per side: the support and resistance the cascade analysis looks for.
        int bidWall1 = 2 + r.nextInt(BOOK_LEVELS - 2);
        int bidWall2 = 2 + r.nextInt(BOOK_LEVELS - 2);
        int askWall1 = 2 + r.nextInt(BOOK_LEVELS - 2);
        int askWall2 = 2 + r.nextInt(BOOK_LEVELS - 2);
        PriceLevel[] bids = new PriceLevel[BOOK_LEVELS];
        PriceLevel[] asks = new PriceLevel[BOOK_LEVELS];
        for (int i = 0; i < BOOK_LEVELS; i++) {
            double bidQty = depth * Math.exp(0.6 * r.nextGaussian())
                    * (i == bidWall1 || i == bidWall2 ? 8 : 1);
            double askQty = depth * Math.exp(0.6 * r.nextGaussian())
                    * (i == askWall1 || i == askWall2 ? 8 : 1);
            bids[i] = new PriceLevel(price(mid - halfSpread - i * step), qty(bidQty));
            asks[i] = new PriceLevel(price(mid + halfSpread + i * step), qty(askQty));
        }
        return new OrderBook(symbol, time, bids, asks);
    }

    /** The next funding level (carried) and the settled rate. */
    private double[] nextFunding(long t, double previous, Shock shock) {
        SplittableRandom r = DeterministicRandom.rng(settings.seed(), scope,
                DeterministicRandom.FUNDING, t);
        int hours = settings.fundingIntervalHours();
        double base = FUNDING_BASE_PER_HOUR * hours;
        // A slow autoregressive drift (the carried state) plus bounded settlement noise: in a
        // steady market (drift 0) funding stays within about 1.7 standard deviations of its mean.
        double level = base + 0.97 * (previous - base)
                + settings.drift() * 0.08 * base * r.nextGaussian();
        double rate = level + 0.4 * base * (2 * r.nextDouble() - 1);
        if (shock.active()) {
            // Crowded positioning in a shock: funding spikes the way price runs.
            rate += shock.direction() * base * 4 * (shock.volMultiplier() - 1);
        }
        double cap = 0.0075 * hours / 8;
        return new double[] {Math.max(-cap, Math.min(cap, level)),
            Math.max(-cap, Math.min(cap, rate))};
    }

    private void emitLiquidations(long t, double open, double close, Shock shock,
            Consumer<MarketData> out) {
        SplittableRandom r = DeterministicRandom.rng(settings.seed(), scope,
                DeterministicRandom.LIQUIDATION, t);
        double intensity = shock.volMultiplier() - 1;
        double lambda = 0.05 + 2.0 * intensity;
        int n = Math.min(60, poisson(r, lambda));
        if (n == 0) {
            return;
        }
        // Binance sends at most one liquidation per symbol per second: distinct seconds.
        boolean[] taken = new boolean[60];
        int[] seconds = new int[n];
        for (int i = 0; i < n; i++) {
            int s = r.nextInt(60);
            while (taken[s]) {
                s = (s + 1) % 60;
            }
            taken[s] = true;
            seconds[i] = s;
        }
        Arrays.sort(seconds);
        double longShare = intensity > 0 ? (shock.direction() < 0 ? 0.85 : 0.15) : 0.5;
        // Calm: a few thousand USD, rarely a cascade; a strong shock: tens of millions an hour.
        double meanNotional = 3_000 * profile.liquidationScale() * (1 + 3 * intensity);
        for (int s : seconds) {
            double p = open + (close - open) * s / 60.0;
            double notional = meanNotional * Math.exp(0.6 * r.nextGaussian() - 0.18);
            OrderSide side = r.nextDouble() < longShare ? OrderSide.SELL : OrderSide.BUY;
            BigDecimal qty = qty(notional / p);
            if (qty.signum() == 0) {
                qty = BigDecimal.ONE.movePointLeft(profile.qtyScale());
            }
            // A forced sell fills at or below its price, a forced buy at or above.
            double slip = 1 + (side == OrderSide.SELL ? -1 : 1) * 0.0005 * r.nextDouble();
            out.accept(new Liquidation(symbol, VENUE, t + s * 1000L + r.nextInt(1000), side,
                    price(p), price(p * slip), qty));
        }
    }

    private static int poisson(SplittableRandom r, double lambda) {
        // Knuth's method; lambda stays small (at most ~11) so this is cheap.
        double limit = Math.exp(-lambda);
        double prod = r.nextDouble();
        int k = 0;
        while (prod > limit) {
            prod *= r.nextDouble();
            k++;
        }
        return k;
    }

    private BigDecimal price(double value) {
        int scale = profile.priceScale();
        long unscaled = Math.max(1, Math.round(value * Math.pow(10, scale)));
        return BigDecimal.valueOf(unscaled, scale);
    }

    private BigDecimal qty(double value) {
        int scale = profile.qtyScale();
        return BigDecimal.valueOf(Math.max(0, Math.round(value * Math.pow(10, scale))), scale);
    }

    private static BigDecimal quote(BigDecimal baseQty, double price) {
        return BigDecimal.valueOf(Math.round(baseQty.doubleValue() * price * 1e8), 8);
    }

    private static BigDecimal rate(double value) {
        return BigDecimal.valueOf(Math.round(value * 1e8), 8);
    }
}
