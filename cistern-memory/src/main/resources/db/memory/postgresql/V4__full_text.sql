-- Same model as the SQLite migration; see there for the reasons. The tsvector is a stored
-- generated column of the application's tokens ('simple': no stemming, no stop words, as SQLite's
-- unicode61), indexed by GIN.
CREATE TABLE memory_search_entries (
    id              BIGSERIAL NOT NULL PRIMARY KEY,
    node_id         TEXT               REFERENCES memory_nodes (id) ON DELETE CASCADE,
    observation_id  BIGINT             REFERENCES memory_kg_observations (id) ON DELETE CASCADE,
    entity_name     TEXT,
    namespace       TEXT      NOT NULL,
    session_id      TEXT,
    kind            TEXT      NOT NULL,
    created_at      BIGINT    NOT NULL,
    body            TEXT      NOT NULL,
    terms           TEXT      NOT NULL,
    tsv             tsvector  GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, terms)) STORED
);
CREATE INDEX memory_search_entries_node ON memory_search_entries (node_id);
CREATE INDEX memory_search_entries_observation ON memory_search_entries (observation_id);
CREATE INDEX memory_search_entries_namespace ON memory_search_entries (namespace, session_id);
CREATE INDEX memory_search_entries_tsv ON memory_search_entries USING GIN (tsv);

CREATE TABLE memory_retention_namespaces (
    namespace   TEXT   NOT NULL PRIMARY KEY,
    ttl_millis  BIGINT NOT NULL
);
CREATE TABLE memory_retention_sessions (
    session_id  TEXT   NOT NULL PRIMARY KEY REFERENCES memory_nodes (id) ON DELETE CASCADE,
    ttl_millis  BIGINT NOT NULL
);
