-- The observation index of the search entries holds observations only. A turn's entry has no
-- observation (observation_id is NULL), yet a full index gave every appended turn one more dirty
-- page to write to the WAL and, later, to checkpoint: about 1 of the 29 pages an append wrote on
-- SQLite (measured from the WAL's frames, docs/MEMORY.md). The index exists for the cascade from a
-- deleted observation, `observation_id = ?`, which implies `observation_id IS NOT NULL`, so both
-- SQLite and PostgreSQL still use it there.
DROP INDEX memory_search_entries_observation;
CREATE INDEX memory_search_entries_observation ON memory_search_entries (observation_id) WHERE observation_id IS NOT NULL;
