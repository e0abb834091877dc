-- Same change as the SQLite migration; see there for the reasons. On PostgreSQL a turn's entry
-- no longer adds a NULL key to this B-tree on every append; the cascade from a deleted
-- observation (`observation_id = $1`, implying NOT NULL) still uses the index.
DROP INDEX memory_search_entries_observation;
CREATE INDEX memory_search_entries_observation ON memory_search_entries (observation_id) WHERE observation_id IS NOT NULL;
