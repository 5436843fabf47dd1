package io.regimeflow.testkit;

import io.regimeflow.model.FundingSettlement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Binance USD-M funding histories from {@code shared/data/funding} (see its README):
 * {@code symbol,funding_time_ms,funding_rate,mark_price,interval_hours}, the settlement times as
 * Binance recorded them (a few milliseconds after the hour), no mark price.
 */
public final class BinanceFundingCsv {
    private BinanceFundingCsv() {}

    /** The settlements in {@code file}, for the spot symbol {@code symbol} ({@code BASE/QUOTE}). */
    public static List<FundingSettlement> read(String file, String symbol) {
        Path path = BinanceKlineCsv.sharedData().resolve("funding").resolve(file);
        List<FundingSettlement> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(path, StandardCharsets.US_ASCII)) {
                String[] f = line.split(",", -1);
                if (line.isEmpty() || !Character.isDigit(f[1].isEmpty() ? 'x' : f[1].charAt(0))) {
                    continue; // header
                }
                out.add(new FundingSettlement(symbol, "binance-usdm", Long.parseLong(f[1]),
                        new BigDecimal(f[2]), Integer.parseInt(f[4]),
                        f[3].isEmpty() ? null : new BigDecimal(f[3])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
