-- Built 1h/4h/1d/1w candles (spec §1). Times are UTC epoch milliseconds.
-- ${decimal} is NUMERIC on PostgreSQL and TEXT on SQLite (exact decimals either way).
CREATE TABLE candles (
    symbol          TEXT       NOT NULL,
    interval        TEXT       NOT NULL,
    open_time       BIGINT     NOT NULL,
    close_time      BIGINT     NOT NULL,
    open            ${decimal} NOT NULL,
    high            ${decimal} NOT NULL,
    low             ${decimal} NOT NULL,
    close           ${decimal} NOT NULL,
    volume          ${decimal} NOT NULL,
    quote_volume    ${decimal} NOT NULL,
    trades          BIGINT     NOT NULL,
    taker_buy_base  ${decimal} NOT NULL,
    taker_buy_quote ${decimal} NOT NULL,
    count           INTEGER    NOT NULL,
    complete        BOOLEAN    NOT NULL,
    PRIMARY KEY (symbol, interval, open_time)
);
