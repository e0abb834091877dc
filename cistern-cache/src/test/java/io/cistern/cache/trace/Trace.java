package io.cistern.cache.trace;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * A cache access trace held in memory: the requested keys, in order. Reads the three formats of the
 * shared trace folder (see its README.md), told apart by file name.
 *
 * @param name the file name without its compression and format suffixes
 * @param keys the requested keys in request order
 */
public record Trace(String name, long[] keys) {

    /** @return how many different keys the trace requests, which no cache can avoid missing */
    public long distinctKeys() {
        return Arrays.stream(keys).distinct().count();
    }

    /** Reads an ARC {@code .lis.gz}, a LIRS {@code .trace.gz} or a cache2k {@code .trace.xz} file. */
    public static Trace read(Path file) throws IOException {
        String fileName = file.getFileName().toString();
        if (fileName.endsWith(".lis.gz")) {
            return new Trace(fileName.substring(0, fileName.length() - ".lis.gz".length()), readArc(file));
        }
        if (fileName.endsWith(".trace.gz")) {
            return new Trace(fileName.substring(0, fileName.length() - ".trace.gz".length()), readLirs(file));
        }
        if (fileName.endsWith(".trace.xz")) {
            return new Trace(fileName.substring(0, fileName.length() - ".trace.xz".length()), readCache2k(file));
        }
        throw new IllegalArgumentException("unknown trace format: " + file
                + "; expected a .lis.gz (ARC), .trace.gz (LIRS) or .trace.xz (cache2k) file");
    }

    /** Lines of {@code start count 0 request}, each standing for {@code count} consecutive keys. */
    private static long[] readArc(Path file) throws IOException {
        LongArray keys = new LongArray();
        try (BufferedReader lines = gzipLines(file)) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.trim().split("\\s+");
                long start = Long.parseLong(fields[0]);
                long count = Long.parseLong(fields[1]);
                for (long i = 0; i < count; i++) {
                    keys.add(start + i);
                }
            }
        }
        return keys.toArray();
    }

    /** One decimal key per line; blank lines and {@code *} separators are skipped. */
    private static long[] readLirs(Path file) throws IOException {
        LongArray keys = new LongArray();
        try (BufferedReader lines = gzipLines(file)) {
            String line;
            while ((line = lines.readLine()) != null) {
                String trimmed = line.trim();
                if (!trimmed.isEmpty() && !trimmed.equals("*")) {
                    keys.add(Long.parseLong(trimmed));
                }
            }
        }
        return keys.toArray();
    }

    /** Big-endian 32-bit integers. */
    private static long[] readCache2k(Path file) throws IOException {
        LongArray keys = new LongArray();
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(new XZInputStream(raw), 1 << 16))) {
            while (true) {
                try {
                    keys.add(in.readInt());
                } catch (EOFException end) {
                    return keys.toArray();
                }
            }
        }
    }

    private static BufferedReader gzipLines(Path file) throws IOException {
        return new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.US_ASCII));
    }

    /** A growable array of primitive longs: a million boxed keys would cost more than the replay. */
    private static final class LongArray {
        private long[] values = new long[1 << 16];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
