-- The knowledge graph of the MCP memory tools (entities, their observations, relations between
-- entity names), per namespace. Ids are insertion order, so the graph reads back in the order it
-- was written, as the reference memory server's file does. Relations name entities and do not
-- reference them: the reference accepts a relation to an entity that does not exist (yet).
-- Uniqueness and lookups go through SHA-256 keys of the text, computed by the application: the
-- same in both dialects, and small in an index whatever the text's length (a PostgreSQL B-tree
-- entry holds at most about 2.7 kB).
CREATE TABLE memory_kg_entities (
    id           BIGSERIAL NOT NULL PRIMARY KEY,
    namespace    TEXT    NOT NULL,
    name_key     TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    entity_type  TEXT    NOT NULL,
    created_at   BIGINT NOT NULL,
    CONSTRAINT memory_kg_entities_name UNIQUE (namespace, name_key)
);

CREATE TABLE memory_kg_observations (
    id           BIGSERIAL NOT NULL PRIMARY KEY,
    entity_id    BIGINT NOT NULL REFERENCES memory_kg_entities (id) ON DELETE CASCADE,
    content_key  TEXT    NOT NULL,
    content      TEXT    NOT NULL,
    CONSTRAINT memory_kg_observations_content UNIQUE (entity_id, content_key)
);

CREATE TABLE memory_kg_relations (
    id             BIGSERIAL NOT NULL PRIMARY KEY,
    namespace      TEXT    NOT NULL,
    relation_key   TEXT    NOT NULL,
    from_key       TEXT    NOT NULL,
    to_key         TEXT    NOT NULL,
    from_name      TEXT    NOT NULL,
    to_name        TEXT    NOT NULL,
    relation_type  TEXT    NOT NULL,
    created_at     BIGINT NOT NULL,
    CONSTRAINT memory_kg_relations_triple UNIQUE (namespace, relation_key)
);
CREATE INDEX memory_kg_relations_from ON memory_kg_relations (namespace, from_key);
CREATE INDEX memory_kg_relations_to ON memory_kg_relations (namespace, to_key);
