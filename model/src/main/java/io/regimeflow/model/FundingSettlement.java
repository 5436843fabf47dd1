package io.regimeflow.model;

import java.math.BigDecimal;

/**
 * One funding settlement of the perpetual that matches a spot symbol (spec §0 and §3).
 *
 * @param symbol the spot symbol the perpetual belongs to, {@code BASE/QUOTE}
 * @param venue the derivatives venue it came from, e.g. {@code binance-usdm}
 * @param fundingTime UTC epoch milliseconds of the settlement
 * @param fundingRate the raw rate for one funding interval, as the venue reports it
 * @param intervalHours the funding interval in force for this settlement
 * @param markPrice the mark price at settlement, or null where the venue does not report it
 */
public record FundingSettlement(
        String symbol,
        String venue,
        long fundingTime,
        BigDecimal fundingRate,
        int intervalHours,
        BigDecimal markPrice)
        implements MarketData {

    @Override
    public long eventTime() {
        return fundingTime;
    }

    /** The rate on the one scale every funding analysis uses: per hour (spec §3). */
    public double hourlyRate() {
        return fundingRate.doubleValue() / intervalHours;
    }
}
