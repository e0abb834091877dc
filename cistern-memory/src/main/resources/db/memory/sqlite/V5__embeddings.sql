-- Semantic recall (io.cistern.memory.embedding): one vector per turn, the model that produced it
-- kept beside it so that vectors of different models are never compared. The namespace, session
-- and kind are copied from the turn (none of them can change) so that a search reads this table
-- alone: one index range per namespace and model, no join per row. The vector is little-endian
-- float32, 4 bytes per dimension. Deleting a node (or its session) deletes its vector.
CREATE TABLE memory_embeddings (
    node_id     TEXT    NOT NULL PRIMARY KEY REFERENCES memory_nodes (id) ON DELETE CASCADE,
    namespace   TEXT    NOT NULL,
    session_id  TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    model       TEXT    NOT NULL,
    dimensions  INTEGER NOT NULL,
    vector      BLOB    NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX memory_embeddings_scan ON memory_embeddings (namespace, model);
