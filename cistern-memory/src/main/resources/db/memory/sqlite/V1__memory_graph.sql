-- Every node, sessions included, lives in one table so that a lookup by id is one index probe and
-- edges can reference any node with a foreign key (deleting a node cascades to its edges).
CREATE TABLE memory_nodes (
    id          TEXT    NOT NULL PRIMARY KEY,
    kind        TEXT    NOT NULL,
    session_id  TEXT             REFERENCES memory_nodes (id) ON DELETE CASCADE,
    seq         INTEGER,
    created_at  INTEGER NOT NULL,
    payload     TEXT    NOT NULL,
    CONSTRAINT memory_nodes_turn_order UNIQUE (session_id, seq)
);
CREATE INDEX memory_nodes_kind ON memory_nodes (kind, created_at);

-- The per-session sequence counter; an append updates this small row, never the session's payload.
CREATE TABLE memory_sessions (
    id          TEXT    NOT NULL PRIMARY KEY REFERENCES memory_nodes (id) ON DELETE CASCADE,
    namespace   TEXT    NOT NULL,
    last_seq    INTEGER NOT NULL DEFAULT 0,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX memory_sessions_namespace ON memory_sessions (namespace, updated_at);

CREATE TABLE memory_edges (
    id          TEXT    NOT NULL PRIMARY KEY,
    kind        TEXT    NOT NULL,
    from_id     TEXT    NOT NULL REFERENCES memory_nodes (id) ON DELETE CASCADE,
    to_id       TEXT    NOT NULL REFERENCES memory_nodes (id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL,
    properties  TEXT    NOT NULL
);
CREATE INDEX memory_edges_from ON memory_edges (from_id, kind);
CREATE INDEX memory_edges_to ON memory_edges (to_id, kind);

-- Durable operation log of agent sessions; no foreign keys: the history outlives deleted sessions.
CREATE TABLE memory_operation_log (
    id            INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    namespace     TEXT    NOT NULL,
    agent_id      TEXT    NOT NULL,
    session_id    TEXT,
    operation     TEXT    NOT NULL,
    status        TEXT    NOT NULL,
    content_hash  TEXT    NOT NULL,
    recorded_at   INTEGER NOT NULL,
    finished_at   INTEGER,
    detail        TEXT
);
CREATE INDEX memory_operation_log_namespace ON memory_operation_log (namespace, id);
CREATE INDEX memory_operation_log_session ON memory_operation_log (session_id, id);
