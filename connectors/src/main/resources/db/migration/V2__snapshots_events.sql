-- Hourly feature snapshots (spec §7) and market events (spec §8).
-- ${json} is JSONB on PostgreSQL and TEXT on SQLite; documents use docs/json-formats.md.
CREATE TABLE feature_snapshots (
    symbol          TEXT    NOT NULL,
    snapshot_time   BIGINT  NOT NULL,   -- end of the hour, UTC epoch milliseconds
    data            ${json} NOT NULL,   -- the whole snapshot
    PRIMARY KEY (symbol, snapshot_time)
);

CREATE TABLE market_events (
    event_id     TEXT    PRIMARY KEY,  -- deterministic: a replay rewrites, never adds
    event_type   TEXT    NOT NULL,
    symbol       TEXT    NOT NULL,     -- or the pair A~B
    severity     TEXT    NOT NULL,     -- INFO, WARNING, CRITICAL
    title        TEXT    NOT NULL,
    description  TEXT    NOT NULL,
    event_time   BIGINT  NOT NULL,
    data         ${json} NOT NULL      -- the whole event
);
CREATE INDEX market_events_by_time ON market_events (event_time);
CREATE INDEX market_events_by_type_time ON market_events (event_type, event_time);
CREATE INDEX market_events_by_symbol_time ON market_events (symbol, event_time);
