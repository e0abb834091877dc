package io.cistern.routing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A loopback TCP proxy for fault injection: forwards to a target port, and on command refuses
 * new connections and resets the open ones ({@link #cut()}), or accepts connections and never
 * answers ({@link #blackhole()}), the two ways a network failure shows up to a driver.
 */
final class TcpProxy implements AutoCloseable {
    private enum Mode { FORWARD, CUT, BLACKHOLE }

    private final int targetPort;
    final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Mode mode = Mode.FORWARD;
    private volatile ServerSocket listener;
    private volatile boolean closed;

    TcpProxy(int targetPort) {
        this.targetPort = targetPort;
        this.port = PostgresServer.freePort();
        listen();
    }

    String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    private void listen() {
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            listener = s;
            Thread acceptor = new Thread(() -> acceptLoop(s), "proxy-" + port + "-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void acceptLoop(ServerSocket s) {
        while (!s.isClosed()) {
            Socket client;
            try {
                client = s.accept();
            } catch (IOException closed) {
                return;
            }
            Socket server = null;
            // Under the lock, so a connection being set up when cut() runs is either reset by it
            // or refused here, never left forwarding through a proxy that is meant to be down.
            lock.lock();
            try {
                if (mode == Mode.CUT || s.isClosed()) {
                    reset(client);
                    continue;
                }
                sockets.add(client);
                if (mode == Mode.BLACKHOLE) {
                    continue; // held open, never answered
                }
                server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(server);
            } catch (IOException targetRefused) {
                reset(client);
                continue;
            } finally {
                lock.unlock();
            }
            pump(client, server);
            pump(server, client);
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side went away
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "proxy-" + port + "-pump");
        t.setDaemon(true);
        t.start();
    }

    /** Resets every open connection and refuses new ones, as a server that died would. */
    void cut() {
        lock.lock();
        try {
            mode = Mode.CUT;
            closeQuietly(listener);
            resetAll();
        } finally {
            lock.unlock();
        }
    }

    /** Resets open connections, then accepts new ones and never answers them. */
    void blackhole() {
        lock.lock();
        try {
            Mode was = mode;
            mode = Mode.BLACKHOLE;
            resetAll();
            if (was == Mode.CUT) {
                listen();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Forwards again. */
    void restore() {
        lock.lock();
        try {
            Mode was = mode;
            mode = Mode.FORWARD;
            if (was == Mode.CUT) {
                listen();
            } else if (was == Mode.BLACKHOLE) {
                resetAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private void resetAll() {
        for (Socket s : sockets) {
            reset(s);
        }
        sockets.clear();
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0); // RST rather than FIN: a reset, not a polite close
        } catch (IOException ignored) {
            // already closed
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

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        resetAll();
    }

    @Override
    public String toString() {
        return "TcpProxy{" + port + " -> " + targetPort + ", " + mode + (closed ? ", closed" : "") + '}';
    }
}
