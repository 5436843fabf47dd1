-- Every delivery attempt of every event to every webhook target, and the events given up on.
-- URLs are stored masked: a webhook URL's path holds the token that allows posting.

CREATE TABLE webhook_logs (
    id             ${identity},
    target         TEXT    NOT NULL,   -- the target's configured name
    webhook_url    TEXT    NOT NULL,   -- masked
    event_id       TEXT    NOT NULL,
    event_type     TEXT    NOT NULL,
    attempt        INTEGER NOT NULL,   -- 1 for the first
    success        BOOLEAN NOT NULL,
    outcome        TEXT    NOT NULL,   -- DELIVERED, RETRY, REJECTED
    response_code  INTEGER,            -- null when no answer came (timeout, refused)
    latency_ms     BIGINT  NOT NULL,
    detail         TEXT,               -- why it failed
    logged_at      BIGINT  NOT NULL    -- UTC epoch milliseconds
);
CREATE INDEX webhook_logs_by_event ON webhook_logs (event_id);
CREATE INDEX webhook_logs_by_time ON webhook_logs (logged_at);

CREATE TABLE webhook_dead_letters (
    target       TEXT    NOT NULL,
    event_id     TEXT    NOT NULL,
    webhook_url  TEXT    NOT NULL,     -- masked
    attempts     INTEGER NOT NULL,
    reason       TEXT    NOT NULL,
    event        ${json} NOT NULL,     -- the whole event, to resend by hand
    failed_at    BIGINT  NOT NULL,
    PRIMARY KEY (target, event_id)
);
CREATE INDEX webhook_dead_letters_by_time ON webhook_dead_letters (failed_at);
