package io.cistern.spring.boot;

import java.sql.Connection;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** An application as a user writes one: Boot's auto-configuration, a JdbcTemplate, a transactional service. */
@SpringBootApplication
public class TestApplication {

    /** Reads and writes notes; the read-only methods run in read-only transactions. */
    @Service
    public static class Notes {
        private final JdbcTemplate jdbc;
        private final DataSource dataSource;

        /**
         * @param jdbc Boot's JdbcTemplate
         * @param dataSource Boot's data source
         */
        public Notes(JdbcTemplate jdbc, DataSource dataSource) {
            this.jdbc = jdbc;
            this.dataSource = dataSource;
        }

        /**
         * @param id the note's id
         * @param body its text
         */
        @Transactional
        public void add(int id, String body) {
            jdbc.update("insert into note(id, body) values (?, ?)", id, body);
        }

        /** @return notes stored */
        @Transactional(readOnly = true)
        public int count() {
            return jdbc.queryForObject("select count(*) from note", Integer.class);
        }

        /** @return whether the transaction's connection is read-only (as the transaction manager set it) */
        @Transactional(readOnly = true)
        public boolean readOnlyConnection() throws Exception {
            Connection c = DataSourceUtils.getConnection(dataSource);
            return c.isReadOnly();
        }

        /** @return the port of the server the read-only transaction ran on (PostgreSQL) */
        @Transactional(readOnly = true)
        public int readServerPort() {
            return jdbc.queryForObject("select inet_server_port()", Integer.class);
        }

        /** @return the port of the server a write transaction runs on (PostgreSQL) */
        @Transactional
        public int writeServerPort() {
            return jdbc.queryForObject("select inet_server_port()", Integer.class);
        }
    }
}
