package io.regimeflow.functions.events;

import io.regimeflow.model.MarketEvent;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;

/** The side output on which every analysis emits its events. */
public final class EventOutput {
    private EventOutput() {}

    public static final OutputTag<MarketEvent> EVENTS =
            new OutputTag<>("market-events", TypeInformation.of(MarketEvent.class));
}
