-- Presence owns these tables. Routing and gateways read them read-only through the presence read
-- path (im.common.presence): user_presence for last seen, user_block for block lists.
CREATE TABLE user_presence (
    user_id   TEXT PRIMARY KEY,
    online    BOOLEAN     NOT NULL,
    last_seen TIMESTAMPTZ NOT NULL
);

CREATE TABLE user_block (
    user_id    TEXT        NOT NULL,
    blocked_id TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, blocked_id)
);
