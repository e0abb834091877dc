package io.cistern.server;

import io.cistern.pool.config.NotAllowed;
import io.cistern.server.security.Tokens;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link CisternServer} listens.
 *
 * <pre>{@code
 * ServerConfig.builder().port(8080).build();                         // 127.0.0.1:8080, no tokens
 * ServerConfig.builder().host("0.0.0.0").tokens(Tokens.fromFile(f)).tls(p12, pw).build();
 * }</pre>
 */
public final class ServerConfig {

    private final String host;
    private final int port;
    private final Tokens tokens;
    private final Path tlsKeystore;
    private final String tlsPassword;
    private final int maxBodyBytes;
    private final Duration drainTimeout;

    private ServerConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.tokens = b.tokens;
        this.tlsKeystore = b.tlsKeystore;
        this.tlsPassword = b.tlsPassword;
        this.maxBodyBytes = b.maxBodyBytes;
        this.drainTimeout = b.drainTimeout;
    }

    /** @return a builder with the defaults: 127.0.0.1:8080, no tokens, no TLS, 1 MiB bodies */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the interface to bind */
    public String host() { return host; }

    /** @return the port, 0 for any free one */
    public int port() { return port; }

    /** @return the accepted tokens, null when every caller may do everything (loopback only) */
    public Tokens tokens() { return tokens; }

    /** @return the PKCS#12 keystore for TLS, or null for plain HTTP */
    public Path tlsKeystore() { return tlsKeystore; }

    String tlsPassword() { return tlsPassword; }

    /** @return whether the host is a loopback address (the server then refuses other Host and Origin headers) */
    public boolean isLoopback() {
        return Builder.isLoopback(host);
    }

    /** @return the largest request body */
    public int maxBodyBytes() { return maxBodyBytes; }

    /** @return how long a stop waits for requests in flight */
    public Duration drainTimeout() { return drainTimeout; }

    @Override
    public String toString() {
        // no token or password here: this may be logged
        return "ServerConfig[" + host + ":" + port + (tlsKeystore == null ? "" : ", tls") + ", tokens="
                + (tokens == null ? "none" : tokens.size()) + ", maxBodyBytes=" + maxBodyBytes + "]";
    }

    /** Settings; {@link #build()} checks them. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8080;
        private Tokens tokens;
        private Path tlsKeystore;
        private String tlsPassword;
        private int maxBodyBytes = 1024 * 1024;
        private Duration drainTimeout = Duration.ofSeconds(10);

        private Builder() {
        }

        /** @param h the interface to bind (default 127.0.0.1) @return this builder */
        public Builder host(String h) { this.host = h; return this; }

        /** @param p 0 to 65535 (default 8080; 0 picks a free port) @return this builder */
        public Builder port(int p) { this.port = p; return this; }

        /** @param t the accepted tokens, or null for none (default) @return this builder */
        public Builder tokens(Tokens t) { this.tokens = t; return this; }

        /**
         * @param keystore a PKCS#12 file with the server's key and certificate
         * @param password its password
         * @return this builder
         */
        public Builder tls(Path keystore, String password) {
            this.tlsKeystore = keystore;
            this.tlsPassword = password;
            return this;
        }

        /** @param bytes 1 KiB to 64 MiB (default 1 MiB) @return this builder */
        public Builder maxBodyBytes(int bytes) { this.maxBodyBytes = bytes; return this; }

        /** @param timeout 0 or more (default 10 s) @return this builder */
        public Builder drainTimeout(Duration timeout) { this.drainTimeout = timeout; return this; }

        /**
         * @return the configuration
         * @throws IllegalArgumentException naming the first bad value and what is allowed; among them
         *     a non-loopback host without tokens
         */
        public ServerConfig build() {
            Objects.requireNonNull(host, "host");
            if (port < 0 || port > 65535) {
                throw NotAllowed.setting("port", port, "0 to 65535");
            }
            if (maxBodyBytes < 1024 || maxBodyBytes > 64 * 1024 * 1024) {
                throw NotAllowed.setting("maxBodyBytes", maxBodyBytes, "1024 to 67108864");
            }
            if (drainTimeout == null || drainTimeout.isNegative()) {
                throw NotAllowed.setting("drainTimeout", drainTimeout, "0 or more");
            }
            if (tokens == null && !isLoopback(host)) {
                throw new IllegalArgumentException("host = " + host + " is not allowed without a token file; allowed: a "
                        + "loopback address (127.0.0.1, ::1, localhost), or give --token-file so that callers must authenticate");
            }
            if (tlsKeystore != null && tlsPassword == null) {
                throw new IllegalArgumentException("a TLS keystore needs its password; set CISTERN_TLS_PASSWORD");
            }
            return new ServerConfig(this);
        }

        private static boolean isLoopback(String host) {
            try {
                InetAddress[] all = InetAddress.getAllByName(host);
                for (InetAddress a : all) {
                    if (!a.isLoopbackAddress()) {
                        return false;
                    }
                }
                return all.length > 0;
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("host = " + host + " is not allowed: it does not resolve", e);
            }
        }
    }
}
