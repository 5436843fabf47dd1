package io.regimeflow.testkit;

import io.regimeflow.model.Liquidation;
import io.regimeflow.model.OrderSide;
import io.regimeflow.testkit.FakeBinanceStream.Venue;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * A liquidation as each venue's websocket pushes it, and the stream (topic, channel) whose
 * subscribers get it: Binance's {@code forceOrder}, Bybit's {@code allLiquidation}, OKX's
 * {@code liquidation-orders}.
 */
final class LiquidationMessages {

    /** A message for the subscribers of {@code stream}. */
    record Message(String stream, String text) {}

    private LiquidationMessages() {}

    /**
     * {@code l}, given in the spot pair's units (price per coin, quantity in coins), as
     * {@code venue} pushes it: on its perpetual ({@link VenueListings}) in its units, prices per
     * 1000 SHIB on {@code 1000SHIBUSDT}, contracts on OKX. A pair not quoted in USDT goes out
     * as is, under its spot name.
     */
    static Message inVenueUnits(Venue venue, Liquidation l) {
        String coin = l.symbol().substring(0, l.symbol().indexOf('/'));
        if (!l.symbol().endsWith("/USDT")) {
            return of(venue, l.symbol().replace("/", ""), l);
        }
        String perpetual = VenueListings.perpetual(venueId(venue), coin);
        BigDecimal perUnit = BigDecimal.valueOf(VenueListings.multiplier(venueId(venue), coin));
        BigDecimal qtyUnit = venue == Venue.OKX ? VenueListings.okxContractValue(coin) : perUnit;
        return of(venue, perpetual, new Liquidation(l.symbol(), l.venue(), l.time(), l.side(),
                l.price().multiply(perUnit), l.avgPrice().multiply(perUnit),
                l.qty().divide(qtyUnit, MathContext.DECIMAL128).stripTrailingZeros()));
    }

    /**
     * A liquidation of {@code venue}'s perpetual {@code perpetual} with {@code l}'s numbers as
     * they are; {@code l}'s symbol is not used. The model's side is the forced order's (SELL
     * liquidates a long); Bybit's is the liquidated position's.
     */
    static Message of(Venue venue, String perpetual, Liquidation l) {
        String qty = l.qty().toPlainString();
        if (venue == Venue.BYBIT) {
            String topic = "allLiquidation." + perpetual;
            return new Message(topic, "{\"topic\":\"" + topic + "\",\"type\":\"snapshot\","
                    + "\"ts\":" + (l.time() + 5) + ",\"data\":[{\"T\":" + l.time()
                    + ",\"s\":\"" + perpetual + "\",\"S\":\""
                    + (l.side() == OrderSide.SELL ? "Buy" : "Sell")
                    + "\",\"v\":\"" + qty + "\",\"p\":\"" + l.price().toPlainString()
                    + "\"}]}");
        }
        if (venue == Venue.OKX) {
            boolean longLiquidated = l.side() == OrderSide.SELL;
            String family = perpetual.replace("-SWAP", "");
            return new Message("liquidation-orders:SWAP", "{\"arg\":{\"channel\":"
                    + "\"liquidation-orders\",\"instType\":\"SWAP\"},\"data\":[{\"details\":"
                    + "[{\"bkLoss\":\"0\",\"bkPx\":\"" + l.price().toPlainString()
                    + "\",\"ccy\":\"\",\"posSide\":\"" + (longLiquidated ? "long" : "short")
                    + "\",\"side\":\"" + (longLiquidated ? "sell" : "buy") + "\",\"sz\":\""
                    + qty + "\",\"ts\":\"" + l.time() + "\"}],\"instFamily\":\"" + family
                    + "\",\"instId\":\"" + perpetual + "\",\"instType\":\"SWAP\",\"uly\":\""
                    + family + "\"}]}");
        }
        String stream = perpetual.toLowerCase(Locale.ROOT) + "@forceOrder";
        return new Message(stream, "{\"stream\":\"" + stream + "\",\"data\":{\"e\":"
                + "\"forceOrder\",\"E\":" + (l.time() + 7) + ",\"o\":{\"s\":\"" + perpetual
                + "\",\"S\":\"" + l.side() + "\",\"o\":\"LIMIT\",\"f\":\"IOC\",\"q\":\"" + qty
                + "\",\"p\":\"" + l.price().toPlainString() + "\",\"ap\":\""
                + l.avgPrice().toPlainString() + "\",\"X\":\"FILLED\",\"l\":\""
                + qty + "\",\"z\":\"" + qty + "\",\"T\":" + l.time() + "}}}");
    }

    /** The venue's id in settings, as {@link VenueListings} takes it. */
    private static String venueId(Venue venue) {
        return switch (venue) {
            case BINANCE -> "binance-usdm";
            case BYBIT -> "bybit";
            case OKX -> "okx";
        };
    }
}
