package io.regimeflow.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The correlation of one pair of symbols (spec §6), e.g. {@code BTC/USDT~ETH/USDT}.
 *
 * @param corr7d null until 48 aligned hourly returns exist
 * @param breakSeverity null when the pair is not in break
 * @param leader the symbol of the pair that leads the other, null when neither does
 */
public record PairCorrelation(
        String pair,
        String symbolA,
        String symbolB,
        @JsonProperty("corr_7d") Double corr7d,
        @JsonProperty("corr_30d") Double corr30d,
        boolean inBreak,
        Double drop,
        BreakSeverity breakSeverity,
        int durationHours,
        String leader) {}
