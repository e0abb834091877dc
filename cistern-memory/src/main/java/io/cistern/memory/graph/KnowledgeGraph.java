package io.cistern.memory.graph;

import io.cistern.memory.store.MemoryStore;
import io.cistern.memory.store.StoreAccess;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The knowledge graph of the MCP memory tools, on a {@link MemoryStore}'s database. Each method is
 * one transaction and means what the reference memory server's tool of the same name means:
 * creating what exists already is skipped, deleting what does not exist is no error, and
 * {@link #addObservations} to an entity that does not exist changes nothing and fails.
 *
 * <pre>{@code
 * KnowledgeGraph kg = KnowledgeGraph.on(store);
 * kg.createEntities("default", List.of(new Entity("Ada", "person", List.of("wrote the first program"))));
 * kg.createRelations("default", List.of(new Relation("Ada", "Analytical Engine", "programmed")));
 * GraphPage page = kg.search("default", "program", null, KnowledgeGraph.DEFAULT_PAGE);
 * }</pre>
 *
 * <p>Thread-safe, and safe across processes: uniqueness is the database's, not this object's.
 */
public final class KnowledgeGraph {

    /** Entities (plus relations) per page unless asked otherwise: well above what a client reads at once. */
    public static final int DEFAULT_PAGE = 10_000;
    /** The largest page. */
    public static final int MAX_PAGE = 50_000;
    /** The most names {@link #openNodes} takes. */
    public static final int MAX_OPEN = 10_000;

    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Entities scanned per round trip by a search. */
    private static final int SCAN = 1_000;

    private final MemoryStore store;

    private KnowledgeGraph(MemoryStore store) {
        this.store = store;
    }

    /**
     * @param store the store whose database holds the graph (migrated by the store's own open)
     * @return the graph
     */
    public static KnowledgeGraph on(MemoryStore store) {
        return new KnowledgeGraph(Objects.requireNonNull(store, "store"));
    }

    // ---- writes --------------------------------------------------------------------------------

    /**
     * @param namespace whose graph
     * @param entities the entities, each with its first observations
     * @return the entities that were created, in the order given; those whose name exists already
     *     (or came earlier in the list) are skipped
     */
    public List<Entity> createEntities(String namespace, List<Entity> entities) {
        checkNamespace(namespace);
        List<Entity> given = List.copyOf(entities);
        return StoreAccess.write(store, "create " + given.size() + " entities", c -> {
            List<Entity> created = new ArrayList<>();
            long now = System.currentTimeMillis();
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO memory_kg_entities "
                    + "(namespace, name_key, name, entity_type, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                for (Entity e : given) {
                    insert.setString(1, namespace);
                    insert.setString(2, Keys.of(e.name()));
                    insert.setString(3, e.name());
                    insert.setString(4, e.entityType());
                    insert.setLong(5, now);
                    if (insert.executeUpdate() == 1) {
                        long id = entityId(c, namespace, e.name()).orElseThrow();
                        insertObservations(c, namespace, e.name(), id, e.observations());
                        created.add(e);
                    }
                }
            }
            return created;
        });
    }

    /**
     * @param namespace whose graph
     * @param relations the relations
     * @return the relations that were created, in the order given; existing ones are skipped
     */
    public List<Relation> createRelations(String namespace, List<Relation> relations) {
        checkNamespace(namespace);
        List<Relation> given = List.copyOf(relations);
        return StoreAccess.write(store, "create " + given.size() + " relations", c -> {
            List<Relation> created = new ArrayList<>();
            long now = System.currentTimeMillis();
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO memory_kg_relations (namespace, relation_key, "
                    + "from_key, to_key, from_name, to_name, relation_type, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT DO NOTHING")) {
                for (Relation r : given) {
                    insert.setString(1, namespace);
                    insert.setString(2, Keys.of(r));
                    insert.setString(3, Keys.of(r.from()));
                    insert.setString(4, Keys.of(r.to()));
                    insert.setString(5, r.from());
                    insert.setString(6, r.to());
                    insert.setString(7, r.relationType());
                    insert.setLong(8, now);
                    if (insert.executeUpdate() == 1) {
                        created.add(r);
                    }
                }
            }
            return created;
        });
    }

    /**
     * Adds observations to existing entities, all or nothing.
     *
     * @param namespace whose graph
     * @param observations per entity, the observations to add
     * @return per entity, in the order given, the observations it did not have yet
     * @throws EntityNotFoundException naming the first entity that does not exist; nothing is added
     */
    public List<ObservationsAdded> addObservations(String namespace, List<Observations> observations) {
        checkNamespace(namespace);
        List<Observations> given = List.copyOf(observations);
        return StoreAccess.write(store, "add observations to " + given.size() + " entities", c -> {
            List<ObservationsAdded> added = new ArrayList<>();
            for (Observations o : given) {
                long id = entityId(c, namespace, o.entityName()).orElseThrow(() -> new EntityNotFoundException(o.entityName()));
                added.add(new ObservationsAdded(o.entityName(), insertObservations(c, namespace, o.entityName(), id, o.contents())));
            }
            return added;
        });
    }

    /**
     * Deletes entities, their observations and every relation from or to them; names that do not
     * exist are ignored.
     *
     * @param namespace whose graph
     * @param names the entity names
     */
    public void deleteEntities(String namespace, List<String> names) {
        checkNamespace(namespace);
        List<String> given = checkedNames(names);
        StoreAccess.write(store, "delete " + given.size() + " entities", c -> {
            try (PreparedStatement observations = c.prepareStatement("DELETE FROM memory_kg_observations WHERE entity_id IN "
                    + "(SELECT id FROM memory_kg_entities WHERE namespace = ? AND name_key = ?)");
                 PreparedStatement entities = c.prepareStatement(
                         "DELETE FROM memory_kg_entities WHERE namespace = ? AND name_key = ?");
                 PreparedStatement relations = c.prepareStatement(
                         "DELETE FROM memory_kg_relations WHERE namespace = ? AND (from_key = ? OR to_key = ?)")) {
                for (String name : given) {
                    String key = Keys.of(name);
                    for (PreparedStatement s : List.of(observations, entities)) {
                        s.setString(1, namespace);
                        s.setString(2, key);
                        s.executeUpdate();
                    }
                    relations.setString(1, namespace);
                    relations.setString(2, key);
                    relations.setString(3, key);
                    relations.executeUpdate();
                }
            }
            return null;
        });
    }

    /**
     * Deletes observations; entities or observations that do not exist are ignored.
     *
     * @param namespace whose graph
     * @param deletions per entity, the observations to delete
     */
    public void deleteObservations(String namespace, List<Observations> deletions) {
        checkNamespace(namespace);
        List<Observations> given = List.copyOf(deletions);
        StoreAccess.write(store, "delete observations of " + given.size() + " entities", c -> {
            try (PreparedStatement delete = c.prepareStatement(
                    "DELETE FROM memory_kg_observations WHERE entity_id = ? AND content_key = ?")) {
                for (Observations d : given) {
                    Optional<Long> id = entityId(c, namespace, d.entityName());
                    if (id.isEmpty()) {
                        continue;
                    }
                    for (String content : d.contents()) {
                        delete.setLong(1, id.get());
                        delete.setString(2, Keys.of(content));
                        delete.executeUpdate();
                    }
                }
            }
            return null;
        });
    }

    /**
     * Deletes relations; those that do not exist are ignored.
     *
     * @param namespace whose graph
     * @param relations the relations
     */
    public void deleteRelations(String namespace, List<Relation> relations) {
        checkNamespace(namespace);
        List<Relation> given = List.copyOf(relations);
        StoreAccess.write(store, "delete " + given.size() + " relations", c -> {
            try (PreparedStatement delete = c.prepareStatement(
                    "DELETE FROM memory_kg_relations WHERE namespace = ? AND relation_key = ?")) {
                for (Relation r : given) {
                    delete.setString(1, namespace);
                    delete.setString(2, Keys.of(r));
                    delete.executeUpdate();
                }
            }
            return null;
        });
    }

    // ---- reads ---------------------------------------------------------------------------------

    /**
     * The whole graph, a page at a time: entities first, then relations, {@code limit} items per
     * page in all.
     *
     * @param namespace whose graph
     * @param cursor null for the first page, else the previous page's {@link GraphPage#nextCursor()}
     * @param limit items per page, 1 to {@value #MAX_PAGE}
     * @return the page
     * @throws IllegalArgumentException if the cursor or limit is not allowed
     */
    public GraphPage readGraph(String namespace, String cursor, int limit) {
        checkNamespace(namespace);
        checkLimit(limit);
        Cursor from = Cursor.parse(cursor, 'e', 'r');
        return StoreAccess.read(store, "read the knowledge graph", c -> {
            List<Entity> entities = new ArrayList<>();
            long lastEntity = 0;
            long afterRelation = 0;
            if (from.phase() == 'e') {
                Map<Long, EntityRow> rows = entityRows(c, namespace, from.after(), limit + 1);
                boolean more = rows.size() > limit;
                for (EntityRow row : rows.values()) {
                    if (entities.size() == limit) {
                        break;
                    }
                    entities.add(row.entity());
                    lastEntity = row.id();
                }
                if (more) {
                    return new GraphPage(entities, List.of(), Optional.of(new Cursor('e', lastEntity).encode()));
                }
            } else {
                afterRelation = from.after();
            }
            int room = limit - entities.size();
            List<RelationRow> relations = relationRows(c, namespace, afterRelation, room + 1);
            if (relations.size() > room) {
                List<RelationRow> shown = relations.subList(0, room);
                long last = shown.isEmpty() ? afterRelation : shown.get(shown.size() - 1).id();
                return new GraphPage(entities, relationsOf(shown), Optional.of(new Cursor('r', last).encode()));
            }
            return new GraphPage(entities, relationsOf(relations), Optional.empty());
        });
    }

    /**
     * Entities whose name, type or one of whose observations contains {@code query} (ignoring case),
     * with every relation from or to them, a page of entities at a time. A relation between
     * entities of two pages comes with the first of them.
     *
     * @param namespace whose graph
     * @param query the text to look for
     * @param cursor null for the first page, else the previous page's {@link GraphPage#nextCursor()}
     * @param limit entities per page, 1 to {@value #MAX_PAGE}
     * @return the page
     */
    public GraphPage search(String namespace, String query, String cursor, int limit) {
        checkNamespace(namespace);
        checkLimit(limit);
        Limits.text(query, "query", Limits.NAME);
        Cursor from = Cursor.parse(cursor, 's');
        String needle = query.toLowerCase(Locale.ROOT);
        return StoreAccess.read(store, "search the knowledge graph", c -> {
            Map<Long, EntityRow> found = new LinkedHashMap<>();
            long scanned = from.after();
            boolean exhausted = false;
            while (found.size() < limit && !exhausted) {
                Map<Long, EntityRow> rows = entityRows(c, namespace, scanned, SCAN);
                exhausted = rows.size() < SCAN;
                for (EntityRow row : rows.values()) {
                    if (found.size() == limit) {
                        exhausted = false;
                        break;
                    }
                    scanned = row.id();
                    if (matches(row.entity(), needle)) {
                        found.put(row.id(), row);
                    }
                }
            }
            boolean more = !exhausted && hasEntityAfter(c, namespace, scanned);
            long firstOnPage = found.isEmpty() ? Long.MAX_VALUE : found.keySet().iterator().next();
            List<RelationRow> touching = relationsTouching(c, namespace, found.values());
            List<Relation> relations = new ArrayList<>();
            for (RelationRow r : touching) {
                // Came with an earlier page already: its other end matched there.
                if (from.after() > 0 && (reportedEarlier(c, namespace, r.relation().from(), firstOnPage, needle)
                        || reportedEarlier(c, namespace, r.relation().to(), firstOnPage, needle))) {
                    continue;
                }
                relations.add(r.relation());
            }
            return new GraphPage(found.values().stream().map(EntityRow::entity).toList(), relations,
                    more ? Optional.of(new Cursor('s', scanned).encode()) : Optional.empty());
        });
    }

    /**
     * The named entities, in insertion order, with every relation from or to them.
     *
     * @param namespace whose graph
     * @param names entity names, at most {@value #MAX_OPEN}; those that do not exist are ignored
     * @return the entities and relations, without a cursor
     */
    public GraphPage openNodes(String namespace, List<String> names) {
        checkNamespace(namespace);
        List<String> given = checkedNames(names);
        if (given.size() > MAX_OPEN) {
            throw new IllegalArgumentException(given.size() + " names are not allowed; allowed: at most " + MAX_OPEN);
        }
        return StoreAccess.read(store, "open " + given.size() + " nodes", c -> {
            TreeMap<Long, EntityRow> rows = new TreeMap<>();
            for (String name : new LinkedHashSet<>(given)) {
                entityId(c, namespace, name).ifPresent(id -> rows.put(id, null));
            }
            Map<Long, EntityRow> loaded = new LinkedHashMap<>();
            for (Long id : rows.keySet()) {
                loaded.putAll(entityRowsBetween(c, namespace, id, id));
            }
            return new GraphPage(loaded.values().stream().map(EntityRow::entity).toList(),
                    relationsOf(relationsTouching(c, namespace, loaded.values())), Optional.empty());
        });
    }

    // ---- internals -----------------------------------------------------------------------------

    private record EntityRow(long id, Entity entity) {
    }

    private record RelationRow(long id, Relation relation) {
    }

    private static boolean matches(Entity e, String needle) {
        if (e.name().toLowerCase(Locale.ROOT).contains(needle) || e.entityType().toLowerCase(Locale.ROOT).contains(needle)) {
            return true;
        }
        for (String o : e.observations()) {
            if (o.toLowerCase(Locale.ROOT).contains(needle)) {
                return true;
            }
        }
        return false;
    }

    private static boolean reportedEarlier(Connection c, String namespace, String name, long firstOnPage, String needle)
            throws SQLException {
        Optional<Long> id = entityId(c, namespace, name);
        if (id.isEmpty() || id.get() >= firstOnPage) {
            return false;
        }
        return entityRowsBetween(c, namespace, id.get(), id.get()).values().stream().anyMatch(r -> matches(r.entity(), needle));
    }

    private static Optional<Long> entityId(Connection c, String namespace, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM memory_kg_entities WHERE namespace = ? AND name_key = ?")) {
            s.setString(1, namespace);
            s.setString(2, Keys.of(name));
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    private static boolean hasEntityAfter(Connection c, String namespace, long after) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT 1 FROM memory_kg_entities WHERE namespace = ? AND id > ? ORDER BY id LIMIT 1")) {
            s.setString(1, namespace);
            s.setLong(2, after);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Inserts observations and their full-text entries, in the caller's transaction. */
    private List<String> insertObservations(Connection c, String namespace, String entityName, long entityId,
                                            List<String> contents) throws SQLException {
        List<String> added = new ArrayList<>();
        long now = System.currentTimeMillis();
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO memory_kg_observations (entity_id, content_key, content) "
                + "VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (String content : contents) {
                insert.setLong(1, entityId);
                insert.setString(2, Keys.of(content));
                insert.setString(3, content);
                if (insert.executeUpdate() == 1) {
                    StoreAccess.indexObservation(store, c, namespace, entityName, entityId, Keys.of(content), content, now);
                    added.add(content);
                }
            }
        }
        return added;
    }

    /** Up to {@code limit} entities after {@code after}, with their observations, by id. */
    private static Map<Long, EntityRow> entityRows(Connection c, String namespace, long after, int limit) throws SQLException {
        long last;
        try (PreparedStatement s = c.prepareStatement("SELECT MAX(id) FROM (SELECT id FROM memory_kg_entities "
                + "WHERE namespace = ? AND id > ? ORDER BY id LIMIT ?) page")) {
            s.setString(1, namespace);
            s.setLong(2, after);
            s.setInt(3, limit);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                last = rs.getLong(1);
                if (rs.wasNull()) {
                    return Map.of();
                }
            }
        }
        return entityRowsBetween(c, namespace, after + 1, last);
    }

    private static Map<Long, EntityRow> entityRowsBetween(Connection c, String namespace, long first, long last)
            throws SQLException {
        Map<Long, String[]> heads = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, name, entity_type FROM memory_kg_entities "
                + "WHERE namespace = ? AND id BETWEEN ? AND ? ORDER BY id")) {
            s.setString(1, namespace);
            s.setLong(2, first);
            s.setLong(3, last);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    heads.put(rs.getLong(1), new String[] {rs.getString(2), rs.getString(3)});
                }
            }
        }
        Map<Long, List<String>> observations = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT o.entity_id, o.content FROM memory_kg_observations o "
                + "JOIN memory_kg_entities e ON e.id = o.entity_id WHERE e.namespace = ? AND e.id BETWEEN ? AND ? ORDER BY o.id")) {
            s.setString(1, namespace);
            s.setLong(2, first);
            s.setLong(3, last);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    observations.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        Map<Long, EntityRow> rows = new LinkedHashMap<>();
        heads.forEach((id, h) -> rows.put(id, new EntityRow(id, new Entity(h[0], h[1], observations.getOrDefault(id, List.of())))));
        return rows;
    }

    private static List<RelationRow> relationRows(Connection c, String namespace, long after, int limit) throws SQLException {
        List<RelationRow> rows = new ArrayList<>();
        if (limit <= 0) {
            return rows;
        }
        try (PreparedStatement s = c.prepareStatement("SELECT id, from_name, to_name, relation_type FROM memory_kg_relations "
                + "WHERE namespace = ? AND id > ? ORDER BY id LIMIT ?")) {
            s.setString(1, namespace);
            s.setLong(2, after);
            s.setInt(3, limit);
            readRelations(s, rows);
        }
        return rows;
    }

    /** Relations from or to any of the entities, each once, by id. */
    private static List<RelationRow> relationsTouching(Connection c, String namespace, Iterable<EntityRow> entities)
            throws SQLException {
        TreeMap<Long, RelationRow> byId = new TreeMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, from_name, to_name, relation_type FROM memory_kg_relations "
                + "WHERE namespace = ? AND from_key = ? UNION SELECT id, from_name, to_name, relation_type "
                + "FROM memory_kg_relations WHERE namespace = ? AND to_key = ?")) {
            for (EntityRow e : entities) {
                String key = Keys.of(e.entity().name());
                s.setString(1, namespace);
                s.setString(2, key);
                s.setString(3, namespace);
                s.setString(4, key);
                List<RelationRow> rows = new ArrayList<>();
                readRelations(s, rows);
                rows.forEach(r -> byId.put(r.id(), r));
            }
        }
        return new ArrayList<>(byId.values());
    }

    private static void readRelations(PreparedStatement s, List<RelationRow> into) throws SQLException {
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                into.add(new RelationRow(rs.getLong(1), new Relation(rs.getString(2), rs.getString(3), rs.getString(4))));
            }
        }
    }

    private static List<Relation> relationsOf(List<RelationRow> rows) {
        return rows.stream().map(RelationRow::relation).toList();
    }

    private static List<String> checkedNames(List<String> names) {
        Objects.requireNonNull(names, "names");
        List<String> copy = new ArrayList<>(names.size());
        for (String n : names) {
            copy.add(Limits.text(n, "entity name", Limits.NAME));
        }
        return copy;
    }

    private static void checkNamespace(String namespace) {
        if (namespace == null || !NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException("namespace = '" + namespace
                    + "' is not allowed; allowed: 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit = " + limit + " is not allowed; allowed: 1 to " + MAX_PAGE);
        }
    }
}
