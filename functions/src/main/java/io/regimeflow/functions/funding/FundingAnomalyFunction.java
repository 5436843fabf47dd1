package io.regimeflow.functions.funding;

import io.regimeflow.functions.common.RejectedInputException;
import io.regimeflow.functions.common.RejectedInputs;
import io.regimeflow.functions.events.EventOutput;
import io.regimeflow.functions.events.MarketEvents;
import io.regimeflow.functions.snapshot.FeaturePart;
import io.regimeflow.model.FundingSettlement;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by symbol, on each funding settlement: the funding part of the snapshot, and
 * FUNDING_ANOMALY and FUNDING_REVERSAL events. A settlement not after the last one (a duplicate,
 * or out of order) is rejected and counted, never scored twice.
 */
public final class FundingAnomalyFunction
        extends KeyedProcessFunction<String, FundingSettlement, FeaturePart> {
    private static final long serialVersionUID = 1L;

    /** Same-signed settlements a flip must end to be a reversal (spec §3). */
    static final int REVERSAL_RUN = 3;

    private final FundingSettings settings;
    private transient FundingAnomalyCalculator calculator;
    private transient ValueState<FundingState> state;
    private transient RejectedInputs rejected;

    public FundingAnomalyFunction(FundingSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        calculator = new FundingAnomalyCalculator(settings);
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("funding",
                TypeInformation.of(FundingState.class)));
        rejected = new RejectedInputs(getRuntimeContext(), "funding");
    }

    @Override
    public void processElement(FundingSettlement f, Context ctx, Collector<FeaturePart> out)
            throws Exception {
        FundingState st = state.value();
        if (st == null) {
            st = FundingState.empty(settings);
        }
        FundingAnomalyCalculator.Result r;
        try {
            r = calculator.onSettlement(st, f.fundingTime(), f.venue(),
                    f.fundingRate().doubleValue(), f.intervalHours());
        } catch (RejectedInputException e) {
            rejected.record(f.symbol(), e);
            return;
        }
        state.update(st);
        out.collect(FeaturePart.of(f.symbol(), r.features()));
        if (r.becameAnomalous()) {
            ctx.output(EventOutput.EVENTS, MarketEvents.fundingAnomaly(f.symbol(), r.features(),
                    settings.spans(r.historyHours())));
        }
        if (r.reversedAfter() >= REVERSAL_RUN) {
            ctx.output(EventOutput.EVENTS, MarketEvents.fundingReversal(f.symbol(), r.features(),
                    r.reversedAfter()));
        }
    }
}
