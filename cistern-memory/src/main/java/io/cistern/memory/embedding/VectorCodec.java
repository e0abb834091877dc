package io.cistern.memory.embedding;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Vectors to and from their stored forms, and to unit length. */
final class VectorCodec {

    /** array_send of a one-dimensional array: ndim, has-nulls flag, element type, length, lower bound. */
    private static final int ARRAY_SEND_HEADER = 20;

    private VectorCodec() {
    }

    /** @return the length of the SQLite BLOB of a vector of {@code dimensions} */
    static int blobBytes(int dimensions) {
        return dimensions * Float.BYTES;
    }

    /** @return the length of {@code array_send} of a {@code real[]} of {@code dimensions}, without nulls */
    static int arraySendBytes(int dimensions) {
        return ARRAY_SEND_HEADER + dimensions * 8;
    }

    /** @return the SQLite BLOB: little-endian float32 */
    static byte[] toLittleEndian(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    /**
     * Decodes a SQLite BLOB into {@code into}, whose length is the expected dimensions.
     *
     * @return false if the BLOB is not a vector of that length
     */
    static boolean fromLittleEndian(byte[] bytes, float[] into) {
        if (bytes.length != blobBytes(into.length)) {
            return false;
        }
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(into);
        return true;
    }

    /**
     * Decodes PostgreSQL's binary form of a {@code real[]} ({@code array_send}: a header, then a
     * 4-byte length and the big-endian float of each element) into {@code into}.
     *
     * @return false if it is not a one-dimensional array of that length without nulls
     */
    static boolean fromArraySend(byte[] bytes, float[] into) {
        ByteBuffer b = ByteBuffer.wrap(bytes); // network order
        if (bytes.length != arraySendBytes(into.length) || b.getInt(0) != 1 || b.getInt(4) != 0) {
            return false;
        }
        for (int i = 0, at = ARRAY_SEND_HEADER + 4; i < into.length; i++, at += 8) {
            into[i] = b.getFloat(at);
        }
        return true;
    }

    /**
     * @return {@code v} scaled to unit length (a zero vector stays zero: its cosine with anything is 0)
     * @throws IllegalArgumentException if an element is NaN or infinite
     */
    static float[] unit(float[] v, String what) {
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new IllegalArgumentException(what + " has " + v[i] + " at index " + i + "; allowed: finite numbers");
            }
            sum += (double) v[i] * v[i];
        }
        float[] unit = new float[v.length];
        if (sum == 0) {
            return unit;
        }
        double scale = 1 / Math.sqrt(sum);
        for (int i = 0; i < v.length; i++) {
            unit[i] = (float) (v[i] * scale);
        }
        return unit;
    }
}
