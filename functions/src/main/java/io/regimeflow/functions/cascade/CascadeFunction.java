package io.regimeflow.functions.cascade;

import io.regimeflow.functions.common.RejectedInputException;
import io.regimeflow.functions.common.RejectedInputs;
import io.regimeflow.functions.events.EventOutput;
import io.regimeflow.functions.events.MarketEvents;
import io.regimeflow.functions.routing.LateRecords;
import io.regimeflow.functions.snapshot.FeaturePart;
import io.regimeflow.model.Liquidation;
import io.regimeflow.model.Timeframe;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by symbol: liquidations into per-minute buckets (keyed state, by event-time minute, so
 * liquidations that run far ahead of the watermark wait in their own minute), order books into
 * support and resistance, and at each minute's end in event time (a timer: only once the
 * watermark has passed it) the 15-minute window's evaluation and, when due, a
 * LIQUIDATION_CASCADE event at once. It evaluates minute by minute while the window holds
 * liquidations, once more when it drains, and forgets minutes that have left the window. The
 * window record goes to the snapshot once an hour, the hour's latest (the only one the hourly
 * snapshot shows). A minute's bucket moves from the minute map into the symbol's
 * {@link CascadeState} once the watermark has passed it ({@link ClosedMinutes}). A book takes
 * effect only once the watermark passes its time, so the levels never depend on arrival order.
 */
public final class CascadeFunction
        extends KeyedCoProcessFunction<String, Liquidation, BookLevels, FeaturePart> {
    private static final long serialVersionUID = 1L;
    private static final long MINUTE = CascadeCalculator.MINUTE;
    private static final long HOUR = 60 * MINUTE;

    private final CascadeSettings settings;
    private transient CascadeCalculator calculator;
    private transient ValueState<CascadeState> state;
    private transient MapState<Long, MinuteBucket> minutes;
    private transient MapState<Long, BookLevels> pendingBooks;
    private transient RejectedInputs rejected;
    private transient LateRecords late;

    public CascadeFunction(CascadeSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        calculator = new CascadeCalculator(settings);
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("cascade",
                TypeInformation.of(CascadeState.class)));
        minutes = getRuntimeContext().getMapState(new MapStateDescriptor<>("minute-buckets",
                Types.LONG, TypeInformation.of(MinuteBucket.class)));
        pendingBooks = getRuntimeContext().getMapState(new MapStateDescriptor<>(
                "pending-books", Types.LONG, TypeInformation.of(BookLevels.class)));
        rejected = new RejectedInputs(getRuntimeContext(), "cascade");
        late = new LateRecords(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement1(Liquidation l, Context ctx, Collector<FeaturePart> out)
            throws Exception {
        long minute = CascadeCalculator.minuteOf(l.time());
        long minuteEnd = (minute + 1) * MINUTE;
        if (minuteEnd - 1 <= ctx.timerService().currentWatermark()) {
            late.count(l.symbol(
                    )); // its minute was already evaluated: adding it now would rewrite history
            rejected.record(l.symbol(), new RejectedInputException("liquidation at " + l.time()
                    + " arrived after its minute was evaluated"));
            return;
        }
        MinuteBucket bucket = minutes.get(minute);
        if (bucket == null) {
            bucket = new MinuteBucket();
        }
        try {
            CascadeCalculator.add(bucket, l.venue(), l.liquidatedPosition(),
                    l.notionalUsd().doubleValue());
        } catch (RejectedInputException e) {
            rejected.record(l.symbol(), e);
            return;
        }
        minutes.put(minute, bucket);
        ctx.timerService().registerEventTimeTimer(minuteEnd - 1);
    }

    @Override
    public void processElement2(BookLevels book, Context ctx, Collector<FeaturePart> out)
            throws Exception {
        // Two books at the same millisecond: the later one wins, as it would have live.
        pendingBooks.put(book.time(), book);
        ctx.timerService().registerEventTimeTimer(book.time());
    }


    /** Moves the buckets of the closed minutes {@code [from, to)} from the minute map. */
    private void close(ClosedMinutes closed, long from, long to) throws Exception {
        for (long m = from; m < to; m++) {
            MinuteBucket b = minutes.get(m);
            if (b != null) {
                closed.put(m, b);
                minutes.remove(m);
            }
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FeaturePart> out)
            throws Exception {
        CascadeState st = state.value();
        if (st == null) {
            st = new CascadeState();
        }
        // Each book has a timer at its own time, so the book due now is the one at this time.
        BookLevels book = pendingBooks.get(timestamp);
        if (book != null) {
            calculator.onBook(st, book.time(), new OrderBookLevels.Levels(book.support(),
                    book.resistance(), book.priceDecimals()));
            pendingBooks.remove(timestamp);
        }
        long windowEnd = timestamp + 1;
        if (windowEnd % MINUTE == 0) {
            long open = windowEnd / MINUTE; // the first minute the watermark has not passed
            long first = calculator.firstMinute(windowEnd);
            if (st.closed == null) { // a new state, or one kept before the closed minutes were
                st.closed = ClosedMinutes.of(settings.windowMinutes());
                close(st.closed, first, open);
            } else {
                if (st.closed.capacity() != settings.windowMinutes()) { // the window was resized
                    st.closed = st.closed.resized(settings.windowMinutes(), first, open - 1);
                }
                close(st.closed, open - 1, open);
            }
            ClosedMinutes window = st.closed;
            boolean nonEmpty = calculator.hasLiquidations(windowEnd, window::get);
            String symbol = ctx.getCurrentKey();
            if (nonEmpty || st.lastWindowNonEmpty) {
                CascadeCalculator.Result r = calculator.evaluate(st, windowEnd, window::get);
                // The snapshot shows the hour's latest record: it waits for the hour's end (a
                // timer at the firing one's own time would fire again at once: not registered).
                st.hourRecord = r.features();
                if (windowEnd % HOUR != 0) {
                    ctx.timerService().registerEventTimeTimer(Timeframe.H1.closeTime(timestamp));
                }
                if (r.alert()) {
                    ctx.output(EventOutput.EVENTS, MarketEvents.cascade(symbol, r.features(),
                            settings.windowMinutes(), r.priceDecimals(), r.venues()));
                }
            }
            // Go on while the window holds liquidations, and once more to report it drained. A
            // liquidation in a later minute has a timer of its own.
            if (nonEmpty) {
                ctx.timerService().registerEventTimeTimer(windowEnd + MINUTE - 1);
            }
            if (windowEnd % HOUR == 0 && st.hourRecord != null) {
                out.collect(FeaturePart.of(symbol, st.hourRecord));
                st.hourRecord = null;
            }
        }
        state.update(st);
    }
}
