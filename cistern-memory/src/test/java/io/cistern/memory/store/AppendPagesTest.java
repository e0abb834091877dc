package io.cistern.memory.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.cistern.memory.agent.AgentSession;
import io.cistern.memory.model.Agent;
import io.cistern.memory.model.ModelParameters;
import io.cistern.memory.model.Prompt;
import io.cistern.memory.model.Session;
import io.cistern.memory.model.TokenUsage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What one append writes on SQLite, read from the WAL itself: after a checkpoint that empties the
 * WAL, every frame the next commit adds is a page it dirtied, and SQLite's {@code dbstat} table
 * names the b-tree each page belongs to. A turn has no observation, so the search entries'
 * observation index (partial since V6) must not be among them; and the cascade from a deleted
 * observation must still find its entries through that index rather than by scanning.
 */
class AppendPagesTest {
    @TempDir
    Path dir;

    @Test
    void anAppendedTurnDirtiesNoPageOfTheObservationIndex() throws Exception {
        Path file = dir.resolve(MemoryStoreConfig.SQLITE_FILE_NAME);
        Map<String, Integer> dirtied = new HashMap<>();
        try (MemoryStore store = MemoryStore.open(MemoryStoreConfig.sqlite(dir).build())) {
            AgentSession agent = AgentSession.open(store, "pages", Agent.create("agent", "researcher", List.of(), "gpt-4o"));
            Session session = agent.startSession(Map.of(), List.of());
            ModelParameters parameters = new ModelParameters("gpt-4o", 0.2, 256, List.of());
            for (int turn = 0; turn < 20; turn++) {
                checkpointTruncate(file);
                Prompt p = agent.prompt(session.id(), "turn " + turn + ": what next, given the tools' results?", parameters);
                agent.respond(p, "turn " + turn + ": the sources agree", new TokenUsage(10, 20), "stop", 10);
                Map<Long, String> owners = owners(file);
                for (long page : walPages(file)) {
                    dirtied.merge(owners.getOrDefault(page, "page " + page), 1, Integer::sum);
                }
            }
        }
        // the turns were indexed (so the search entries were written) and the WAL was read right
        assertThat(dirtied).as("b-trees dirtied by 20 turns: %s", dirtied)
                .containsKeys("memory_search_entries", "memory_search_entries_node", "memory_nodes")
                .doesNotContainKey("memory_search_entries_observation");
    }

    @Test
    void theCascadeFromAnObservationStillSearchesTheIndex() throws SQLException {
        MemoryStore.open(MemoryStoreConfig.sqlite(dir).build()).close();
        List<String> plan = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(MemoryStoreConfig.SQLITE_FILE_NAME));
             PreparedStatement ps = c.prepareStatement(
                     "EXPLAIN QUERY PLAN DELETE FROM memory_search_entries WHERE observation_id = ?")) {
            ps.setLong(1, 7);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.add(rs.getString("detail"));
                }
            }
        }
        assertThat(plan).as("plan %s", plan)
                .anyMatch(line -> line.startsWith("SEARCH memory_search_entries USING")
                        && line.contains("INDEX memory_search_entries_observation (observation_id=?)"));
    }

    private static void checkpointTruncate(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
            rs.next();
            assertThat(rs.getInt(1)).as("checkpoint blocked").isZero();
        }
    }

    /** Page number of every frame in the WAL (big-endian header of 32 bytes, then 24-byte frame headers). */
    private static List<Long> walPages(Path file) throws IOException {
        byte[] wal = Files.readAllBytes(Path.of(file + "-wal"));
        List<Long> pages = new ArrayList<>();
        if (wal.length < 32) {
            return pages;
        }
        ByteBuffer b = ByteBuffer.wrap(wal);
        int pageSize = b.getInt(8);
        for (int at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) {
            pages.add(Integer.toUnsignedLong(b.getInt(at)));
        }
        return pages;
    }

    private static Map<Long, String> owners(Path file) throws SQLException {
        Map<Long, String> owners = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name, pageno FROM dbstat")) {
            while (rs.next()) {
                owners.put(rs.getLong(2), rs.getString(1));
            }
        }
        return owners;
    }
}
