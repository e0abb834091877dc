package io.cistern.spring.boot;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code cistern.memory.*}: the agent-memory store of cistern-memory. Set {@code url}
 * ({@code jdbc:sqlite:<file>} or {@code jdbc:postgresql://...}) or {@code data-directory} (a
 * SQLite file in it); the other settings default to {@code MemoryStoreConfig}'s.
 */
@ConfigurationProperties("cistern.memory")
public class CisternMemoryProperties {
    private String url;
    private Path dataDirectory;
    private String username;
    private String password;
    private Integer poolSize;
    private Integer maxConcurrent;
    private Duration acquireTimeout;
    private Long cacheSize;
    private Duration cacheTtl;

    /** For Spring. */
    public CisternMemoryProperties() {
    }

    /** @return the store's JDBC URL */
    public String getUrl() { return url; }
    /** @param url the store's JDBC URL */
    public void setUrl(String url) { this.url = url; }
    /** @return the directory of the store's SQLite file */
    public Path getDataDirectory() { return dataDirectory; }
    /** @param dataDirectory the directory of the store's SQLite file */
    public void setDataDirectory(Path dataDirectory) { this.dataDirectory = dataDirectory; }
    /** @return the database user */
    public String getUsername() { return username; }
    /** @param username the database user */
    public void setUsername(String username) { this.username = username; }
    /** @return the database password */
    public String getPassword() { return password; }
    /** @param password the database password */
    public void setPassword(String password) { this.password = password; }
    /** @return the store's pool size */
    public Integer getPoolSize() { return poolSize; }
    /** @param poolSize the store's pool size */
    public void setPoolSize(Integer poolSize) { this.poolSize = poolSize; }
    /** @return the most operations at once */
    public Integer getMaxConcurrent() { return maxConcurrent; }
    /** @param maxConcurrent the most operations at once */
    public void setMaxConcurrent(Integer maxConcurrent) { this.maxConcurrent = maxConcurrent; }
    /** @return how long an operation waits for its turn */
    public Duration getAcquireTimeout() { return acquireTimeout; }
    /** @param acquireTimeout how long an operation waits for its turn */
    public void setAcquireTimeout(Duration acquireTimeout) { this.acquireTimeout = acquireTimeout; }
    /** @return entries of the read cache */
    public Long getCacheSize() { return cacheSize; }
    /** @param cacheSize entries of the read cache */
    public void setCacheSize(Long cacheSize) { this.cacheSize = cacheSize; }
    /** @return how long a cached read lives */
    public Duration getCacheTtl() { return cacheTtl; }
    /** @param cacheTtl how long a cached read lives */
    public void setCacheTtl(Duration cacheTtl) { this.cacheTtl = cacheTtl; }
}
