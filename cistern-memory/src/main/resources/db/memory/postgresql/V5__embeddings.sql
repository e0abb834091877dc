-- Same model as the SQLite migration; see there for the reasons. real[] needs no extension; the
-- store reads it with array_send (binary, 8 bytes per element) and never compares in SQL.
CREATE TABLE memory_embeddings (
    node_id     TEXT    NOT NULL PRIMARY KEY REFERENCES memory_nodes (id) ON DELETE CASCADE,
    namespace   TEXT    NOT NULL,
    session_id  TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    model       TEXT    NOT NULL,
    dimensions  INTEGER NOT NULL,
    vector      REAL[]  NOT NULL,
    created_at  BIGINT  NOT NULL
);
CREATE INDEX memory_embeddings_scan ON memory_embeddings (namespace, model);
