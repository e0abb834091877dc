-- Full-text search (io.cistern.memory.search) and retention (io.cistern.memory.retention).
--
-- One entry per indexed thing: a turn (prompt, response, tool invocation) or a knowledge-graph
-- observation, with what a search filters on. The entry references its source with ON DELETE
-- CASCADE, so whatever deletes a turn, a session or an observation (the store, the housekeeping, an
-- erasure, the knowledge graph) deletes its entry in the same transaction. `terms` is the text as
-- the application tokenised it (lower-case letters and digits separated by spaces), so that SQLite
-- and PostgreSQL see the same tokens and give the same hits; `body` is the original text, for
-- snippets. AUTOINCREMENT: ids are never reused, so a search cursor's snapshot bound ("entries up
-- to id N") keeps meaning the same entries.
CREATE TABLE memory_search_entries (
    id              INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    node_id         TEXT             REFERENCES memory_nodes (id) ON DELETE CASCADE,
    observation_id  INTEGER          REFERENCES memory_kg_observations (id) ON DELETE CASCADE,
    entity_name     TEXT,
    namespace       TEXT    NOT NULL,
    session_id      TEXT,
    kind            TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    body            TEXT    NOT NULL,
    terms           TEXT    NOT NULL
);
CREATE INDEX memory_search_entries_node ON memory_search_entries (node_id);
CREATE INDEX memory_search_entries_observation ON memory_search_entries (observation_id);
CREATE INDEX memory_search_entries_namespace ON memory_search_entries (namespace, session_id);

-- The FTS5 index of the entries' terms (external content: the text is kept once, in the table
-- above). The triggers keep it in step with the table, cascaded deletes included.
CREATE VIRTUAL TABLE memory_search_fts USING fts5 (
    terms, content = 'memory_search_entries', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 0'
);
CREATE TRIGGER memory_search_entries_ai AFTER INSERT ON memory_search_entries BEGIN
    INSERT INTO memory_search_fts (rowid, terms) VALUES (new.id, new.terms);
END;
CREATE TRIGGER memory_search_entries_ad AFTER DELETE ON memory_search_entries BEGIN
    INSERT INTO memory_search_fts (memory_search_fts, rowid, terms) VALUES ('delete', old.id, old.terms);
END;

-- Time to live of turns, per namespace or per session (the session's wins). A session's setting
-- goes with the session.
CREATE TABLE memory_retention_namespaces (
    namespace   TEXT    NOT NULL PRIMARY KEY,
    ttl_millis  INTEGER NOT NULL
);
CREATE TABLE memory_retention_sessions (
    session_id  TEXT    NOT NULL PRIMARY KEY REFERENCES memory_nodes (id) ON DELETE CASCADE,
    ttl_millis  INTEGER NOT NULL
);
