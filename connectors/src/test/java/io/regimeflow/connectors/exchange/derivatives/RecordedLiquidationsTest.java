package io.regimeflow.connectors.exchange.derivatives;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.regimeflow.model.Liquidation;
import io.regimeflow.model.OrderSide;
import io.regimeflow.testkit.BinanceKlineCsv;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The venues' liquidation parsers on real liquidations ({@code shared/data/liquidations}): every
 * row of the four recordings of Binance's {@code !forceOrder@arr} stream, put back into the
 * message layout Binance sends, and the real messages of Binance USD-M and Bybit v5
 * {@code allLiquidation} that a public test suite recorded. Sides in the model's convention
 * (SELL: a long was liquidated), notional = average price x filled quantity, or price x quantity
 * where a recording has no average price.
 */
class RecordedLiquidationsTest {

    static final List<String> RECORDINGS = List.of("binance-um-forceOrder-2024-08-17.csv",
            "binance-um-forceOrder-2025-01-26_2025-02-06.csv",
            "binance-um-forceOrder-2025-06-23.csv",
            "binance-um-forceOrder-2025-12-27_2025-12-28.csv");

    @Test
    void everyRecordedBinanceForceOrderParsesWithItsSideAndNotional() throws Exception {
        Path dir = BinanceKlineCsv.sharedData().resolve("liquidations");
        int rows = 0;
        int withoutAverage = 0;
        for (String file : RECORDINGS) {
            List<String> lines = Files.readAllLines(dir.resolve(file), StandardCharsets.UTF_8);
            assertThat(lines.get(0)).startsWith("symbol,time_ms,side,price,avg_price,qty");
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",", -1);
                String perpetual = f[0];
                String symbol = "REC/USDT"; // whatever the configuration calls it
                String message = "{\"stream\":\"" + perpetual.toLowerCase() + "@forceOrder\","
                        + "\"data\":{\"e\":\"forceOrder\",\"E\":" + (Long.parseLong(f[1]) + 5)
                        + ",\"o\":{\"s\":\"" + perpetual + "\",\"S\":\"" + f[2] + "\",\"o\":"
                        + "\"LIMIT\",\"f\":\"IOC\",\"q\":\"" + f[5] + "\",\"p\":\"" + f[3]
                        + "\",\"ap\":\"" + f[4] + "\",\"X\":\"FILLED\",\"l\":\"" + f[5]
                        + "\",\"z\":\"" + f[5] + "\",\"T\":" + f[1] + "}}}";
                Liquidation l = BinanceForceOrder.parse(message, Map.of(perpetual, symbol));
                assertThat(l).as(line).isNotNull();
                assertThat(l.symbol()).isEqualTo(symbol);
                assertThat(l.time()).isEqualTo(Long.parseLong(f[1]));
                assertThat(l.side()).as(line).isEqualTo(OrderSide.valueOf(f[2]));
                BigDecimal qty = new BigDecimal(f[5]);
                BigDecimal price = f[4].isBlank() ? new BigDecimal(f[3]) : new BigDecimal(f[4]);
                assertThat(l.notionalUsd()).as(line).isEqualByComparingTo(price.multiply(qty));
                withoutAverage += f[4].isBlank() ? 1 : 0;
                rows++;
            }
        }
        assertThat(rows).isEqualTo(456 + 1837 + 1146 + 2045);
        assertThat(withoutAverage).as("the 2025-06-23 recording has no average price")
                .isPositive();
    }

    @Test
    void theRecordedVenueMessagesParse() throws Exception {
        String binance = "{\"stream\": \"btcusdt@forceOrder\", \"data\": {\"e\": \"forceOrder\", "
                + "\"E\": 1584059031426, \"o\": {\"s\": \"BTCUSDT\", \"S\": \"BUY\", \"o\": "
                + "\"LIMIT\", \"f\": \"IOC\", \"q\": \"0.014\", \"p\": \"4793.91\", \"ap\": "
                + "\"4706.04\", \"X\": \"FILLED\", \"l\": \"0.015\", \"z\": \"0.014\", \"T\": "
                + "1584059031421}}}";
        assertThat(recorded(binance)).as("the recording holds this Binance message").isTrue();
        assertThat(DerivativesVenue.BINANCE_USDM.api().liquidations(binance,
                Map.of("BTCUSDT", SpotPerpetual.plain("BTC/USDT", "BTCUSDT")))).containsExactly(
                        new Liquidation(
                        "BTC/USDT", "binance-usdm", 1584059031421L, OrderSide.BUY,
                        new BigDecimal("4793.91"), new BigDecimal("4706.04"),
                        new BigDecimal("0.014")));
        String bybit = "{\"topic\": \"allLiquidation.PIPPINUSDT\", \"type\": \"snapshot\", "
                + "\"ts\": 1740480207578, \"data\": [{\"T\": 1740480207110, \"s\": "
                + "\"PIPPINUSDT\", \"S\": \"Sell\", \"v\": \"2846\", \"p\": \"0.02456\"}]}";
        assertThat(recorded(bybit)).as("the recording holds this Bybit message").isTrue();
        // Bybit's Sell is a liquidated short: the model's BUY (the order that closed it).
        List<Liquidation> parsed = DerivativesVenue.BYBIT.api().liquidations(bybit,
                Map.of("PIPPINUSDT", SpotPerpetual.plain("PIPPIN/USDT", "PIPPINUSDT")));
        assertThat(parsed).hasSize(1);
        assertThat(parsed.get(0).side()).isEqualTo(OrderSide.BUY);
        assertThat(parsed.get(0).qty()).isEqualByComparingTo("2846");
        assertThat(parsed.get(0).notionalUsd()).isEqualByComparingTo("69.89776");
    }

    /** Whether the recorded messages hold {@code message} (compared as JSON). */
    private static boolean recorded(String message) throws Exception {
        Path file = BinanceKlineCsv.sharedData().resolve("liquidations").resolve("raw_messages")
                .resolve("tardis-node-mappers-test-liquidation-messages.jsonl");
        ObjectMapper json = new ObjectMapper();
        JsonNode wanted = json.readTree(message);
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (json.readTree(line).path("message").equals(wanted)) {
                return true;
            }
        }
        return false;
    }
}
