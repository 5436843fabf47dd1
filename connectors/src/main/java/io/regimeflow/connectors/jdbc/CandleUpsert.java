package io.regimeflow.connectors.jdbc;

import io.regimeflow.model.BuiltCandle;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;

/**
 * Writes a built candle keyed by (symbol, interval, open_time): a replay after a restore, or a
 * second run over the same range, updates the row in place instead of adding one. A candle built
 * from fewer minutes than the row already holds (a bounded run that began or ended inside the
 * window) does not replace it.
 */
public final class CandleUpsert implements JdbcStatementBuilder<BuiltCandle> {
    private static final long serialVersionUID = 1L;

    public static final String SQL = "INSERT INTO candles (symbol, interval, open_time, "
            + "close_time, open, high, low, close, volume, quote_volume, trades, taker_buy_base, "
            + "taker_buy_quote, count, complete) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            + "?, ?) ON CONFLICT (symbol, interval, open_time) DO UPDATE SET "
            + "close_time = excluded.close_time, open = excluded.open, high = excluded.high, "
            + "low = excluded.low, close = excluded.close, volume = excluded.volume, "
            + "quote_volume = excluded.quote_volume, trades = excluded.trades, "
            + "taker_buy_base = excluded.taker_buy_base, "
            + "taker_buy_quote = excluded.taker_buy_quote, count = excluded.count, "
            + "complete = excluded.complete WHERE excluded.count >= candles.count";

    private final SqlDialect dialect;

    public CandleUpsert(SqlDialect dialect) {
        this.dialect = dialect;
    }

    @Override
    public void accept(PreparedStatement ps, BuiltCandle c) throws SQLException {
        ps.setString(1, c.symbol());
        ps.setString(2, c.interval().label());
        ps.setLong(3, c.openTime());
        ps.setLong(4, c.closeTime());
        dialect.bindDecimal(ps, 5, c.open());
        dialect.bindDecimal(ps, 6, c.high());
        dialect.bindDecimal(ps, 7, c.low());
        dialect.bindDecimal(ps, 8, c.close());
        dialect.bindDecimal(ps, 9, c.volume());
        dialect.bindDecimal(ps, 10, c.quoteVolume());
        ps.setLong(11, c.trades());
        dialect.bindDecimal(ps, 12, c.takerBuyBase());
        dialect.bindDecimal(ps, 13, c.takerBuyQuote());
        ps.setInt(14, c.count());
        ps.setBoolean(15, c.complete());
    }
}
