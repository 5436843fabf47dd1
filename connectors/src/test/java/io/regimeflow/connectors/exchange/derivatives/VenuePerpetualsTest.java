package io.regimeflow.connectors.exchange.derivatives;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.model.Liquidation;
import io.regimeflow.model.OrderSide;
import io.regimeflow.testkit.BinanceKlineCsv;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which perpetual a spot symbol reads, and how its numbers become the spot pair's. */
class VenuePerpetualsTest {

    static VenueApi.ListedPerpetual listed(String name, String base, String quote) {
        return new VenueApi.ListedPerpetual(name, base, quote, BigDecimal.ONE);
    }

    @Test
    void theVenuesNamesOfMultiplesAreReadAsCoinsTimesUnits() {
        assertThat(ScaledAsset.of("1000SHIB")).isEqualTo(new ScaledAsset("SHIB",
                new BigDecimal("1000")));
        assertThat(ScaledAsset.of("SHIB1000")).isEqualTo(new ScaledAsset("SHIB",
                new BigDecimal("1000")));
        assertThat(ScaledAsset.of("kPEPE")).isEqualTo(new ScaledAsset("PEPE",
                BigDecimal.valueOf(1000)));
        assertThat(ScaledAsset.of("10000SATS")).isEqualTo(new ScaledAsset("SATS",
                new BigDecimal("10000")));
        assertThat(ScaledAsset.of("1000000MOG")).isEqualTo(new ScaledAsset("MOG",
                new BigDecimal("1000000")));
        assertThat(ScaledAsset.of("1MBABYDOGE").units()).isEqualByComparingTo("1000000");
        assertThat(ScaledAsset.of("1MBABYDOGE").coin()).isEqualTo("BABYDOGE");
        // Names that merely hold digits are one unit of themselves.
        assertThat(ScaledAsset.of("1INCH")).isEqualTo(new ScaledAsset("1INCH", BigDecimal.ONE));
        assertThat(ScaledAsset.of("KAVA")).isEqualTo(new ScaledAsset("KAVA", BigDecimal.ONE));
        assertThat(ScaledAsset.of("C98")).isEqualTo(new ScaledAsset("C98", BigDecimal.ONE));
    }

    @Test
    void eachSymbolReadsTheVenuesOwnPerpetualOrIsUnlisted() {
        List<VenueApi.ListedPerpetual> list = List.of(listed("BTCUSDT", "BTC", "USDT"),
                listed("1000SHIBUSDT", "1000SHIB", "USDT"),
                listed("1000SATSUSDT", "1000SATS", "USDT"),
                listed("10000LADYSUSDT", "10000LADYS", "USDT"),
                listed("BTCPERP", "BTC", "USDC"));
        VenuePerpetuals p = VenuePerpetuals.match("bybit", list, List.of("BTC/USDT",
                "SHIB/USDT", "1000SATS/USDT", "LADYS/USDT", "NOPE/USDT", "BTC/USDC",
                "SHIB/USDC"));
        assertThat(p.of("BTC/USDT")).isEqualTo(SpotPerpetual.plain("BTC/USDT", "BTCUSDT"));
        assertThat(p.of("SHIB/USDT").name()).isEqualTo("1000SHIBUSDT");
        assertThat(p.of("SHIB/USDT").multiplier()).isEqualByComparingTo("1000");
        // The spot exchange's own multiple is the same coin: one unit of it.
        assertThat(p.of("1000SATS/USDT").name()).isEqualTo("1000SATSUSDT");
        assertThat(p.of("1000SATS/USDT").multiplier()).isEqualByComparingTo("1");
        assertThat(p.of("LADYS/USDT").multiplier()).isEqualByComparingTo("10000");
        // The quote counts: BTC/USDC reads the USDC perpetual, SHIB/USDC has none.
        assertThat(p.of("BTC/USDC").name()).isEqualTo("BTCPERP");
        assertThat(p.unlisted()).containsExactly("NOPE/USDT", "SHIB/USDC");
        assertThat(p.unlistedLine("api.bybit.com")).isEqualTo("derivatives venue bybit "
                + "(api.bybit.com) lists no perpetual for NOPE/USDT, SHIB/USDC: no funding and "
                + "no liquidations for them; the other symbols and the spot analyses go on");
        assertThat(p.scaled()).containsOnlyKeys("SHIB/USDT", "LADYS/USDT");
    }

    @Test
    void aVenueThatNamesNoQuoteMatchesByCoin() {
        VenuePerpetuals p = VenuePerpetuals.match("hyperliquid", List.of(
                listed("BTC", "BTC", null), listed("kSHIB", "kSHIB", null)),
                List.of("BTC/USDT", "SHIB/USDT", "KAVA/USDT"));
        assertThat(p.of("BTC/USDT").name()).isEqualTo("BTC");
        assertThat(p.of("SHIB/USDT").name()).isEqualTo("kSHIB");
        assertThat(p.of("SHIB/USDT").multiplier()).isEqualByComparingTo("1000");
        assertThat(p.unlisted()).containsExactly("KAVA/USDT");
    }

    /**
     * Every real 1000PEPEUSDT and 1000BONKUSDT force order in the recordings, read as PEPE/USDT
     * and BONK/USDT: prices per coin (a thousandth), quantities in coins (a thousand times), the
     * notional unchanged.
     */
    @Test
    void recordedForceOrdersOfAThousandCoinsComeOutPerCoin() throws Exception {
        int rows = 0;
        for (String file : RecordedLiquidationsTest.RECORDINGS) {
            List<String> lines = Files.readAllLines(BinanceKlineCsv.sharedData()
                    .resolve("liquidations").resolve(file), StandardCharsets.UTF_8);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",", -1);
                if (!f[0].equals("1000PEPEUSDT") && !f[0].equals("1000BONKUSDT")) {
                    continue;
                }
                String coin = f[0].substring(4, f[0].length() - 4);
                SpotPerpetual p = VenuePerpetuals.match("binance-usdm", List.of(
                        listed(f[0], "1000" + coin, "USDT")), List.of(coin + "/USDT"))
                        .of(coin + "/USDT");
                String message = "{\"stream\":\"" + f[0].toLowerCase() + "@forceOrder\","
                        + "\"data\":{\"e\":\"forceOrder\",\"E\":" + f[1] + ",\"o\":{\"s\":\""
                        + f[0] + "\",\"S\":\"" + f[2] + "\",\"o\":\"LIMIT\",\"f\":\"IOC\","
                        + "\"q\":\"" + f[5] + "\",\"p\":\"" + f[3] + "\",\"ap\":\"" + f[4]
                        + "\",\"X\":\"FILLED\",\"l\":\"" + f[5] + "\",\"z\":\"" + f[5]
                        + "\",\"T\":" + f[1] + "}}}";
                Liquidation l = DerivativesVenue.BINANCE_USDM.api().liquidations(message,
                        Map.of(f[0], p)).get(0);
                assertThat(l.symbol()).isEqualTo(coin + "/USDT");
                assertThat(l.side()).isEqualTo(OrderSide.valueOf(f[2]));
                assertThat(l.price()).as(line).isEqualByComparingTo(new BigDecimal(f[3])
                        .movePointLeft(3));
                assertThat(l.qty()).as(line).isEqualByComparingTo(new BigDecimal(f[5])
                        .movePointRight(3));
                BigDecimal fill = f[4].isBlank() ? new BigDecimal(f[3]) : new BigDecimal(f[4]);
                assertThat(l.notionalUsd()).as(line).isEqualByComparingTo(
                        fill.multiply(new BigDecimal(f[5])));
                assertThat(l.qty().toString()).as("written without an exponent")
                        .doesNotContain("E");
                rows++;
            }
        }
        assertThat(rows).as("recorded 1000PEPE and 1000BONK force orders").isGreaterThan(10);
    }

    @Test
    void okxCountsContractsOfCtValCoinsAtAPricePerCoin() {
        SpotPerpetual shib = VenuePerpetuals.match("okx", List.of(new VenueApi.ListedPerpetual(
                "SHIB-USDT-SWAP", "SHIB", "USDT", new BigDecimal("1000000"))),
                List.of("SHIB/USDT")).of("SHIB/USDT");
        Liquidation l = shib.liquidation("okx", 1L, OrderSide.SELL, new BigDecimal("0.00001234"),
                BigDecimal.ZERO, new BigDecimal("25"));
        assertThat(l.price()).isEqualByComparingTo("0.00001234");
        assertThat(l.qty()).isEqualByComparingTo("25000000");
        assertThat(l.notionalUsd()).isEqualByComparingTo("308.5");
    }
}
