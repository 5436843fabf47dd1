-- Every pair's correlation for every closed hour (spec §6), one row per (hour, pair). The
-- snapshots only keep a symbol's pairs in break and its strongest pairs; this table has them all.
-- A replay rewrites the same rows. "drop" is an SQL keyword: its column is corr_drop.
CREATE TABLE pair_correlations (
    close_time      BIGINT  NOT NULL,   -- the hour's close, UTC epoch ms (snapshot's correlations.time)
    pair            TEXT    NOT NULL,   -- A~B, A before B in the configured symbols
    symbol_a        TEXT    NOT NULL,
    symbol_b        TEXT    NOT NULL,
    corr_7d         DOUBLE PRECISION,   -- null until min-returns aligned returns exist
    corr_30d        DOUBLE PRECISION,
    in_break        BOOLEAN NOT NULL,
    corr_drop       DOUBLE PRECISION,   -- (corr_30d - corr_7d) / |corr_30d|
    break_severity  TEXT,               -- LOW, MEDIUM, HIGH; null when not in break
    duration_hours  INTEGER NOT NULL,   -- hours the break has lasted
    leader          TEXT,               -- the symbol of the pair that leads; null when neither
    PRIMARY KEY (close_time, pair)
);
CREATE INDEX pair_correlations_by_pair_time ON pair_correlations (pair, close_time);
