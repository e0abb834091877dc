package io.cistern.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A loopback TCP proxy that puts a network fault between a client and a real server. It
 * forwards to a target port until told to fail in one of the ways networks fail:
 *
 * <ul>
 *   <li>{@link #blackHole()}: nothing gets through and nothing comes back, on open and new
 *       connections alike; nobody is told (no FIN, no RST), as when a route or a firewall drops
 *       packets. Only timeouts notice it.</li>
 *   <li>{@link #latency(Duration)}: every chunk, either way, is held back this long.</li>
 *   <li>{@link #reset()}: open connections are reset (RST) and new ones are accepted and reset at
 *       once, as a server host whose process died would; {@link #refuse()} instead closes the
 *       port, so new connections are refused.</li>
 *   <li>{@link #slowAccept(Duration)}: new connections wait this long before the proxy answers
 *       them (a server with a full accept queue); open connections are not affected.</li>
 *   <li>{@link #halfOpen()}: the server side of every open connection is closed, so its session
 *       ends, while the client side is left open and silent, as after a crash of the server host:
 *       the client's next request is never answered. New connections forward normally.</li>
 * </ul>
 *
 * <p>{@link #heal()} forwards again. Connections that were black-holed or half-open are reset at
 * that moment (their bytes were dropped, so they can never be in step again); connections that
 * were only delayed carry on. Threads are daemons; {@link #close()} resets everything.
 */
public final class FaultProxy implements AutoCloseable {
    /** What the proxy does now. */
    public enum Mode { FORWARD, BLACK_HOLE, LATENCY, RESET, REFUSE, SLOW_ACCEPT }

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    /** Serialises mode changes with the set-up of a new connection. */
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Mode mode = Mode.FORWARD;
    private volatile long delayNanos;
    private volatile ServerSocket listener;
    private volatile boolean closed;

    /** One proxied connection: the client's socket and ours to the server. */
    private final class Link {
        final Socket client;
        volatile Socket server;
        /** Set when black-holed or half-opened: forward nothing more, ever. */
        volatile boolean dead;

        Link(Socket client) {
            this.client = client;
        }
    }

    /**
     * @param targetPort the loopback port of the real server
     */
    public FaultProxy(int targetPort) {
        this("127.0.0.1", targetPort);
    }

    /**
     * @param targetHost the server's host (a loopback address in tests)
     * @param targetPort the server's port
     */
    public FaultProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.port = Ports.free();
        listen();
    }

    /** @return the loopback port clients connect to */
    public int port() {
        return port;
    }

    /** @return {@code jdbc:postgresql://127.0.0.1:<port>/<database>} */
    public String postgresUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** @return the current mode */
    public Mode mode() {
        return mode;
    }

    /** @return client connections the proxy holds open now (for leak checks) */
    public int openConnections() {
        return links.size();
    }

    /** Drops every byte of open and new connections without telling either side. */
    public void blackHole() {
        lock.lock();
        try {
            reopenIfRefusing();
            mode = Mode.BLACK_HOLE;
            for (Link l : links) {
                l.dead = true;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Holds back every chunk of open and new connections by {@code delay}. */
    public void latency(Duration delay) {
        lock.lock();
        try {
            reopenIfRefusing();
            delayNanos = delay.toNanos();
            mode = Mode.LATENCY;
        } finally {
            lock.unlock();
        }
    }

    /** Resets open connections, and new ones as soon as they are accepted. */
    public void reset() {
        lock.lock();
        try {
            reopenIfRefusing();
            mode = Mode.RESET;
            resetAll();
        } finally {
            lock.unlock();
        }
    }

    /** Resets open connections and closes the port: new connections are refused. */
    public void refuse() {
        lock.lock();
        try {
            mode = Mode.REFUSE;
            closeQuietly(listener);
            resetAll();
        } finally {
            lock.unlock();
        }
    }

    /** New connections wait {@code delay} before they are served; open ones carry on. */
    public void slowAccept(Duration delay) {
        lock.lock();
        try {
            reopenIfRefusing();
            delayNanos = delay.toNanos();
            mode = Mode.SLOW_ACCEPT;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes the server side of every open connection and leaves the client side open and
     * silent. The mode stays what it was: new connections are served as before.
     */
    public void halfOpen() {
        lock.lock();
        try {
            for (Link l : links) {
                l.dead = true;
                closeQuietly(l.server);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Forwards again; connections that were cut off from the server are reset now. */
    public void heal() {
        lock.lock();
        try {
            reopenIfRefusing();
            mode = Mode.FORWARD;
            delayNanos = 0;
            for (Link l : links) {
                if (l.dead) {
                    resetLink(l);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void reopenIfRefusing() {
        if (mode == Mode.REFUSE && !closed) {
            listen();
        }
    }

    private void listen() {
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            listener = s;
            daemon("fault-proxy-" + port + "-accept", () -> acceptLoop(s));
        } catch (IOException e) {
            throw new UncheckedIOException("listening on loopback port " + port + " failed", e);
        }
    }

    private void acceptLoop(ServerSocket s) {
        while (!s.isClosed()) {
            Socket client;
            try {
                client = s.accept();
            } catch (IOException closedNow) {
                return;
            }
            if (mode == Mode.SLOW_ACCEPT) {
                // Served in its own thread, so the wait delays this connection, not the ones behind it.
                long wait = delayNanos;
                daemon("fault-proxy-" + port + "-slow", () -> {
                    sleepNanos(wait);
                    serve(client);
                });
            } else {
                serve(client);
            }
        }
    }

    private void serve(Socket client) {
        Link link = new Link(client);
        lock.lock();
        try {
            if (closed || mode == Mode.RESET || mode == Mode.REFUSE) {
                reset(client);
                return;
            }
            links.add(link);
            if (mode == Mode.BLACK_HOLE) {
                link.dead = true;
                // Read and drop what the client sends, so its writes do not block; never answer.
                daemon("fault-proxy-" + port + "-drop", () -> pump(link, client, null));
                return;
            }
        } finally {
            lock.unlock();
        }
        try {
            Socket server = new Socket(targetHost, targetPort);
            server.setTcpNoDelay(true);
            client.setTcpNoDelay(true);
            link.server = server;
        } catch (IOException targetDown) {
            resetLink(link);
            return;
        }
        daemon("fault-proxy-" + port + "-up", () -> pump(link, client, link.server));
        daemon("fault-proxy-" + port + "-down", () -> pump(link, link.server, client));
    }

    /** Copies {@code from} to {@code to} while the link lives; a dead link's bytes are dropped. */
    private void pump(Link link, Socket from, Socket to) {
        byte[] buffer = new byte[16384];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to != null ? to.getOutputStream() : null;
            for (int n; (n = in.read(buffer)) >= 0; ) {
                if (link.dead || out == null) {
                    continue;
                }
                long delay = mode == Mode.LATENCY ? delayNanos : 0;
                if (delay > 0) {
                    sleepNanos(delay);
                }
                if (link.dead) {
                    continue;
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException oneSideWentAway) {
            // handled below
        }
        if (!link.dead) {
            // One side closed or failed: pass that on, as a forwarding hop would.
            closeQuietly(from);
            closeQuietly(to);
            links.remove(link);
        } else if (from == link.client) {
            // The client itself went away from a dead link.
            resetLink(link);
        }
    }

    private void resetAll() {
        for (Link l : links) {
            resetLink(l);
        }
    }

    private void resetLink(Link l) {
        l.dead = true;
        reset(l.client);
        reset(l.server);
        links.remove(l);
    }

    private static void reset(Socket s) {
        if (s == null) {
            return;
        }
        try {
            s.setSoLinger(true, 0); // RST rather than FIN: a reset, not a polite close
        } catch (IOException alreadyClosed) {
            // closing anyway
        }
        closeQuietly(s);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (Exception ignored) {
            // closing anyway
        }
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            closeQuietly(listener);
            resetAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "FaultProxy{" + port + " -> " + targetHost + ':' + targetPort + ", " + mode + (closed ? ", closed" : "") + '}';
    }
}
