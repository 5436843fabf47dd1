package io.regimeflow.testkit;

import io.regimeflow.model.Candle;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Reads Binance's monthly 1m kline dumps from {@code shared/data/klines-1m} (see its README). */
public final class BinanceKlineCsv {
    private BinanceKlineCsv() {}

    public static Path sharedData() {
        String dir = System.getProperty("regimeflow.shared.data", "../../shared/data");
        Path p = Path.of(dir).toAbsolutePath().normalize();
        if (!Files.isDirectory(p.resolve("klines-1m"))) {
            throw new IllegalStateException("real kline data not found at " + p
                    + "; the tests read shared/data beside the repository");
        }
        return p;
    }

    public static List<Candle> read(String file, String symbol) {
        Path path = sharedData().resolve("klines-1m").resolve(file);
        List<Candle> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(path)), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty() || !Character.isDigit(line.charAt(0))) {
                    continue; // header
                }
                String[] f = line.split(",");
                out.add(new Candle(symbol, Long.parseLong(f[0]), new BigDecimal(f[1]),
                        new BigDecimal(f[2]), new BigDecimal(f[3]), new BigDecimal(f[4]),
                        new BigDecimal(f[5]), new BigDecimal(f[7]), Long.parseLong(f[8]),
                        new BigDecimal(f[9]), new BigDecimal(f[10])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The candles moved by {@code deltaMs} (a whole number of minutes),
            e.g. to end in the present. */
    public static List<Candle> shifted(List<Candle> candles, long deltaMs, String symbol) {
        List<Candle> out = new ArrayList<>(candles.size());
        for (Candle c : candles) {
            out.add(new Candle(symbol, c.openTime() + deltaMs, c.open(), c.high(), c.low(),
                    c.close(), c.volume(), c.quoteVolume(), c.trades(), c.takerBuyBase(),
                    c.takerBuyQuote()));
        }
        return out;
    }
}
