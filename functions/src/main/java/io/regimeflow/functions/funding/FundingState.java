package io.regimeflow.functions.funding;

import io.regimeflow.model.FundingLevel;

/** A perpetual's funding state: its history, the last level, and the current run of one sign. */
public final class FundingState {
    public FundingHistory history;
    public FundingLevel lastLevel = FundingLevel.WARMING_UP;
    /** Sign (+1, -1) of the current run of same-signed rates, 0 before the first non-zero rate. */
    public int runSign;
    public int runLength;

    public FundingState() {}

    public static FundingState empty(FundingSettings s) {
        FundingState st = new FundingState();
        st.history = new FundingHistory(s.capacity());
        return st;
    }
}
