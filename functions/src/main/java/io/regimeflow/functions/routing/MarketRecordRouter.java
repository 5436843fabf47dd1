package io.regimeflow.functions.routing;

import io.regimeflow.model.Candle;
import io.regimeflow.model.FundingSettlement;
import io.regimeflow.model.Liquidation;
import io.regimeflow.model.MarketData;
import io.regimeflow.model.MarketDataValidator;
import io.regimeflow.model.MarketRecord;
import io.regimeflow.model.OrderBook;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits the source's mixed stream into one typed stream per kind: 1m candles on the main output,
 * order books, funding settlements and liquidations on side outputs. Records that fail
 * {@link MarketDataValidator} (a zero price, high below low, a bad symbol) are not passed on: they
 * are counted in {@code invalidRecords} and logged with the reason.
 */
public final class MarketRecordRouter extends ProcessFunction<MarketRecord, Candle> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MarketRecordRouter.class);

    public static final OutputTag<OrderBook> ORDER_BOOKS =
            new OutputTag<>("order-books", TypeInformation.of(OrderBook.class));
    public static final OutputTag<FundingSettlement> FUNDING =
            new OutputTag<>("funding", TypeInformation.of(FundingSettlement.class));
    public static final OutputTag<Liquidation> LIQUIDATIONS =
            new OutputTag<>("liquidations", TypeInformation.of(Liquidation.class));

    private transient Counter invalid;

    @Override
    public void open(OpenContext openContext) {
        invalid = getRuntimeContext().getMetricGroup().counter("invalidRecords");
    }

    @Override
    public void processElement(MarketRecord record, Context ctx, Collector<Candle> out) {
        MarketData data = record.data();
        String problem = data == null ? "empty market record" : MarketDataValidator.problem(data);
        if (problem != null) {
            invalid.inc();
            LOG.error("rejected {}: {} ({} rejected so far)", data, problem, invalid.getCount());
            return;
        }
        if (data instanceof Candle c) {
            out.collect(c);
        } else if (data instanceof OrderBook b) {
            ctx.output(ORDER_BOOKS, b);
        } else if (data instanceof FundingSettlement f) {
            ctx.output(FUNDING, f);
        } else {
            ctx.output(LIQUIDATIONS, (Liquidation) data);
        }
    }
}
