package io.cistern.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Driver;
import java.sql.DriverManager;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A {@code dataSource.*} name the driver does not declare is found (and the pool warns about it at start). */
class DriverPropertyCheckTest {

    @Test
    void aMisspeltPgjdbcPropertyIsFoundAndDeclaredOnesAreNot() throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:5432/postgres";
        Driver driver = DriverManager.getDriver(url);
        Set<String> names = new LinkedHashSet<>(List.of("reWriteBatchedInserts", "ApplicationName", "socketTimeout",
                "tcpKeepAlive", "reWriteBatchInserts", "sockettimeout"));
        assertThat(PhysicalConnectionSource.undeclared(driver, url, names))
                .containsExactly("reWriteBatchInserts", "sockettimeout");
    }

    @Test
    void whatCisternSqliteSetsIsDeclaredBySqliteJdbc() throws Exception {
        String url = "jdbc:sqlite::memory:";
        Driver driver = DriverManager.getDriver(url);
        org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
        config.setJournalMode(org.sqlite.SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(5000);
        config.setTransactionMode(org.sqlite.SQLiteConfig.TransactionMode.IMMEDIATE);
        config.enforceForeignKeys(true);
        config.setReadOnly(true);
        Set<String> names = config.toProperties().stringPropertyNames();
        assertThat(PhysicalConnectionSource.undeclared(driver, url, names)).isEmpty();
        assertThat(PhysicalConnectionSource.undeclared(driver, url, Set.of("journal_mod"))).containsExactly("journal_mod");
    }
}
