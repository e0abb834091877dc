package io.cistern.server.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The tokens a server accepts, one per line of a token file (or of {@code CISTERN_TOKENS}, lines
 * separated by newlines or {@code ;}):
 *
 * <pre>
 * # name  sha256 of the token                                                grants
 * agent-a sha256:5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8 default=rw,shared=r
 * </pre>
 *
 * <p>Only hashes are kept, so a stolen file opens nothing; {@link #newToken(String, String)} makes
 * a token and its line. A presented token is hashed and compared with every entry in constant
 * time, so that neither the comparison nor the position of a match can be timed.
 */
public final class Tokens {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern NAMESPACE = Pattern.compile("\\*|[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern HASH = Pattern.compile("sha256:[0-9a-f]{64}");

    private record Entry(byte[] hash, Grant grant) {
    }

    private final List<Entry> entries;

    private Tokens(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * @param file the token file
     * @return its tokens
     * @throws IllegalArgumentException naming the file, the line and what is wrong with it
     */
    public static Tokens fromFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("token file " + file + " cannot be read: " + e.getMessage(), e);
        }
        return parse(text, "token file " + file);
    }

    /**
     * @param text lines as in a token file, separated by newlines or {@code ;}
     * @param source where they come from, for error messages
     * @return the tokens
     * @throws IllegalArgumentException naming the source, the line and what is wrong with it
     */
    public static Tokens parse(String text, String source) {
        List<Entry> entries = new ArrayList<>();
        String[] lines = text.split("[\\n;]");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = source + " line " + (i + 1);
            String[] parts = line.split("\\s+");
            if (parts.length != 3) {
                throw new IllegalArgumentException(where + " is not allowed; allowed: <name> sha256:<64 hex digits> "
                        + "<namespace>=r|rw[,<namespace>=r|rw...]");
            }
            if (!NAME.matcher(parts[0]).matches()) {
                throw new IllegalArgumentException(where + ": name '" + parts[0] + "' is not allowed; allowed: 1 to 64 "
                        + "letters, digits, '.', '_' or '-'");
            }
            if (!HASH.matcher(parts[1]).matches()) {
                // the value is not echoed: it may be a token pasted where its hash belongs
                throw new IllegalArgumentException(where + ": the hash is not allowed; allowed: sha256: and 64 lower-case "
                        + "hex digits (a token file holds hashes, never tokens)");
            }
            Map<String, Grant.Access> grants = new LinkedHashMap<>();
            for (String g : parts[2].split(",")) {
                int eq = g.indexOf('=');
                String ns = eq < 0 ? g : g.substring(0, eq);
                String access = eq < 0 ? "" : g.substring(eq + 1);
                if (!NAMESPACE.matcher(ns).matches() || !(access.equals("r") || access.equals("rw"))) {
                    throw new IllegalArgumentException(where + ": grant '" + g + "' is not allowed; allowed: "
                            + "<namespace>=r or <namespace>=rw, namespace * for all");
                }
                grants.put(ns, access.equals("rw") ? Grant.Access.READ_WRITE : Grant.Access.READ);
            }
            entries.add(new Entry(HexFormat.of().parseHex(parts[1].substring("sha256:".length())), new Grant(parts[0], grants)));
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException(source + " holds no token; a server with a token file needs at least one");
        }
        return new Tokens(entries);
    }

    /**
     * @param presented the bearer token a caller sent
     * @return its grant, empty if it is not one of these tokens
     */
    public Optional<Grant> grantOf(String presented) {
        byte[] hash = sha256(presented);
        Grant found = null;
        for (Entry e : entries) {
            // every entry is compared, match or not: the time does not depend on which one matched
            if (MessageDigest.isEqual(e.hash(), hash) && found == null) {
                found = e.grant();
            }
        }
        return Optional.ofNullable(found);
    }

    /** @return how many tokens there are */
    public int size() {
        return entries.size();
    }

    /**
     * @param name the token's name
     * @param grants its grants, as in the file: {@code default=rw,shared=r}
     * @return a new random token (first) and its token-file line (second)
     */
    public static String[] newToken(String name, String grants) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = "cst_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String line = name + " sha256:" + HexFormat.of().formatHex(sha256(token)) + " " + grants;
        parse(line, "the new token's line");
        return new String[] {token, line};
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
