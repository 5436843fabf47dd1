package io.regimeflow.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One pair's correlation for one closed hour (spec §6): the record of the {@code
 * pair_correlations} table and topic. Every pair of the universe has one per hour both its
 * symbols traded, so the per-symbol snapshot only keeps a symbol's breaks and strongest pairs.
 *
 * @param time the close time of the hour, as in the snapshot's {@code correlations.time}
 */
public record HourlyPairCorrelation(
        long time,
        String pair,
        String symbolA,
        String symbolB,
        @JsonProperty("corr_7d") Double corr7d,
        @JsonProperty("corr_30d") Double corr30d,
        boolean inBreak,
        Double drop,
        BreakSeverity breakSeverity,
        int durationHours,
        String leader) {

    public static HourlyPairCorrelation of(long time, PairCorrelation p) {
        return new HourlyPairCorrelation(time, p.pair(), p.symbolA(), p.symbolB(), p.corr7d(),
                p.corr30d(), p.inBreak(), p.drop(), p.breakSeverity(), p.durationHours(),
                p.leader());
    }

    /** The pair's fields without the hour, as a snapshot's {@code correlations.pairs} holds. */
    @JsonIgnore
    public PairCorrelation correlation() {
        return new PairCorrelation(pair, symbolA, symbolB, corr7d, corr30d, inBreak, drop,
                breakSeverity, durationHours, leader);
    }
}
