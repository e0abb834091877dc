package io.cistern.memory.graph;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 keys of texts: the unique and lookup columns of the graph's tables (see migration V3). */
final class Keys {

    private Keys() {
    }

    static String of(String text) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Length-prefixed, so that no two different triples share a key. */
    static String of(Relation r) {
        return of(r.from().length() + ":" + r.from() + r.to().length() + ":" + r.to() + r.relationType());
    }
}
