-- Same model as the SQLite migration; see there for the reasons.
CREATE TABLE memory_nodes (
    id          TEXT   NOT NULL PRIMARY KEY,
    kind        TEXT   NOT NULL,
    session_id  TEXT            REFERENCES memory_nodes (id) ON DELETE CASCADE,
    seq         BIGINT,
    created_at  BIGINT NOT NULL,
    payload     TEXT   NOT NULL,
    CONSTRAINT memory_nodes_turn_order UNIQUE (session_id, seq)
);
CREATE INDEX memory_nodes_kind ON memory_nodes (kind, created_at);

CREATE TABLE memory_sessions (
    id          TEXT   NOT NULL PRIMARY KEY REFERENCES memory_nodes (id) ON DELETE CASCADE,
    namespace   TEXT   NOT NULL,
    last_seq    BIGINT NOT NULL DEFAULT 0,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX memory_sessions_namespace ON memory_sessions (namespace, updated_at);

CREATE TABLE memory_edges (
    id          TEXT   NOT NULL PRIMARY KEY,
    kind        TEXT   NOT NULL,
    from_id     TEXT   NOT NULL REFERENCES memory_nodes (id) ON DELETE CASCADE,
    to_id       TEXT   NOT NULL REFERENCES memory_nodes (id) ON DELETE CASCADE,
    created_at  BIGINT NOT NULL,
    properties  TEXT   NOT NULL
);
CREATE INDEX memory_edges_from ON memory_edges (from_id, kind);
CREATE INDEX memory_edges_to ON memory_edges (to_id, kind);

CREATE TABLE memory_operation_log (
    id            BIGSERIAL NOT NULL PRIMARY KEY,
    namespace     TEXT   NOT NULL,
    agent_id      TEXT   NOT NULL,
    session_id    TEXT,
    operation     TEXT   NOT NULL,
    status        TEXT   NOT NULL,
    content_hash  TEXT   NOT NULL,
    recorded_at   BIGINT NOT NULL,
    finished_at   BIGINT,
    detail        TEXT
);
CREATE INDEX memory_operation_log_namespace ON memory_operation_log (namespace, id);
CREATE INDEX memory_operation_log_session ON memory_operation_log (session_id, id);
