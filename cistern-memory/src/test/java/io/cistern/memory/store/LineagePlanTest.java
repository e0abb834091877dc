package io.cistern.memory.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.cistern.memory.model.EdgeKind;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite's plan of a lineage chain, read from the migrated schema of a real store file: the walk
 * is the outer loop and each node it reaches is looked up by id. The plain-JOIN form of the same
 * query made SQLite 3.50 scan every node of the store per chain.
 */
class LineagePlanTest {
    @TempDir
    Path dir;

    @Test
    void aChainLooksItsNodesUpByIdAndNeverScansTheNodeTable() throws SQLException {
        MemoryStore.open(MemoryStoreConfig.sqlite(dir).build()).close();
        List<String> plan = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(MemoryStoreConfig.SQLITE_FILE_NAME));
             PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + GraphSql.CHAIN)) {
            ps.setString(1, "some-response");
            ps.setString(2, EdgeKind.RESPONDS_TO.code());
            ps.setString(3, EdgeKind.FOLLOWS.code());
            ps.setInt(4, 5);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.add(rs.getString("detail"));
                }
            }
        }
        assertThat(plan).as("plan %s", plan).anyMatch(line -> line.startsWith("SEARCH n USING INDEX sqlite_autoindex_memory_nodes_1"));
        assertThat(plan).as("plan %s", plan).noneMatch(line -> line.startsWith("SCAN n"));
    }
}
