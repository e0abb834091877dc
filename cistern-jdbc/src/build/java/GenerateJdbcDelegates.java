import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Writes the JDBC proxy classes (run by the build, in generate-sources). Every interface method
 * that the hand-written support class does not implement becomes a direct call on the delegate,
 * with SQLExceptions passed through {@code onError}; so the support classes hold only what the
 * pool cares about, and no reflection runs on the hot path. Statement methods named
 * {@code execute*} first call {@code beforeExecute()} (and, given SQL, {@code noteSql}, as
 * {@code addBatch} does), and those returning a ResultSet hand it to
 * {@code wrap}. Every statement and result-set method first calls {@code checkOpen()}, outside
 * the error handling: a proxy that is closed, or whose connection went back to the pool, must
 * refuse before it reaches a physical connection that may now be someone else's.
 */
public final class GenerateJdbcDelegates {

    /**
     * One generated class: {@code name} extends the hand-written {@code superClass} (which
     * implements the methods named in {@code skip}) and implements {@code iface}, delegating to
     * {@code target}; methods of {@code parentIface} are inherited from the superclass already.
     */
    record Spec(String pkg, String name, Class<?> iface, Class<?> parentIface, String superClass, String ctorParams,
                String superArgs, String field, String target, Set<String> skip, boolean isFinal) {
    }

    private static final String JDBC = "io.cistern.jdbc";
    private static final String ROUTING = "io.cistern.jdbc.firststatement";

    private static final Set<String> STATEMENT_OWN = Set.of("getConnection", "close", "isClosed", "unwrap", "isWrapperFor");

    public static void main(String[] args) throws Exception {
        List<Spec> specs = List.of(
                new Spec(JDBC, "ConnectionProxy", Connection.class, null, "ConnectionSupport",
                        "FatalErrorDetector fatalErrors, io.cistern.pool.Lease<PooledConnection> lease", "fatalErrors, lease",
                        null, "delegate()", Set.of("close", "isClosed", "isValid", "abort", "createStatement", "prepareStatement",
                        "prepareCall", "setAutoCommit", "setReadOnly", "setTransactionIsolation", "setCatalog", "setSchema",
                        "setNetworkTimeout", "commit", "rollback", "getMetaData", "unwrap", "isWrapperFor"), true),
                new Spec(JDBC, "StatementProxy", Statement.class, null, "StatementSupport",
                        "ConnectionSupport connection, java.sql.Statement raw", "connection, raw",
                        null, "raw", STATEMENT_OWN, false),
                new Spec(JDBC, "PreparedStatementProxy", PreparedStatement.class, Statement.class, "StatementProxy",
                        "ConnectionSupport connection, java.sql.PreparedStatement raw", "connection, raw",
                        "prepared", "prepared", STATEMENT_OWN, false),
                new Spec(JDBC, "CallableStatementProxy", CallableStatement.class, PreparedStatement.class, "PreparedStatementProxy",
                        "ConnectionSupport connection, java.sql.CallableStatement raw", "connection, raw",
                        "callable", "callable", STATEMENT_OWN, true),
                new Spec(JDBC, "ResultSetProxy", ResultSet.class, null, "ResultSetSupport",
                        "java.sql.Statement statement, ConnectionSupport connection, java.sql.ResultSet raw",
                        "statement, connection, raw", null, "raw", Set.of("getStatement", "close", "isClosed", "unwrap", "isWrapperFor"), true),
                new Spec(ROUTING, "LazyConnection", Connection.class, null, "LazyConnectionSupport",
                        "RoutingDataSource owner, boolean readOnly", "owner, readOnly",
                        null, "target()", Set.of("close", "isClosed", "isValid", "abort", "setAutoCommit", "getAutoCommit",
                        "setReadOnly", "isReadOnly", "setTransactionIsolation", "getTransactionIsolation", "setHoldability",
                        "getHoldability", "commit", "rollback", "getWarnings", "clearWarnings", "unwrap", "isWrapperFor"), true));
        for (Spec spec : specs) {
            Path dir = Path.of(args[0], spec.pkg().split("\\."));
            Files.createDirectories(dir);
            write(dir, spec);
        }
    }

    private static void write(Path dir, Spec spec) throws Exception {
        Class<?> iface = spec.iface();
        boolean statementLike = Statement.class.isAssignableFrom(iface);
        boolean guarded = statementLike || iface == ResultSet.class;
        StringBuilder src = new StringBuilder();
        src.append("// Generated by src/build/java/GenerateJdbcDelegates.java from java.sql.")
                .append(iface.getSimpleName()).append(". Do not edit.\n");
        src.append("package ").append(spec.pkg()).append(";\n\n");
        src.append("@SuppressWarnings({\"deprecation\", \"unchecked\"})\n");
        src.append(spec.isFinal() ? "final " : "").append("class ").append(spec.name())
                .append(" extends ").append(spec.superClass())
                .append(" implements ").append(iface.getName()).append(" {\n");
        if (spec.field() != null) {
            src.append("    private final ").append(iface.getName()).append(' ').append(spec.field()).append(";\n\n");
        }
        src.append("    ").append(spec.name()).append('(').append(spec.ctorParams()).append(") {\n");
        src.append("        super(").append(spec.superArgs()).append(");\n");
        if (spec.field() != null) {
            src.append("        this.").append(spec.field()).append(" = raw;\n");
        }
        src.append("    }\n\n");
        Set<String> inherited = spec.parentIface() == null ? Set.of() : methods(spec.parentIface()).keySet();
        for (Map.Entry<String, Method> e : methods(iface).entrySet()) {
            if (!inherited.contains(e.getKey()) && !spec.skip().contains(e.getValue().getName())) {
                method(src, e.getValue(), spec.target(), statementLike, guarded);
            }
        }
        src.append("}\n");
        Files.writeString(dir.resolve(spec.name() + ".java"), src);
    }

    /** Public instance methods by erased signature, the most specific declaration winning. */
    private static Map<String, Method> methods(Class<?> iface) {
        Map<String, Method> bySignature = new LinkedHashMap<>();
        List<Method> all = new ArrayList<>(Arrays.asList(iface.getMethods()));
        all.sort(Comparator.comparing(Method::getName).thenComparing(m -> Arrays.toString(m.getParameterTypes())));
        for (Method m : all) {
            if (Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            String key = m.getName() + Arrays.stream(m.getParameterTypes()).map(Class::getName)
                    .collect(Collectors.joining(",", "(", ")"));
            Method known = bySignature.get(key);
            if (known == null || known.getDeclaringClass().isAssignableFrom(m.getDeclaringClass())) {
                bySignature.put(key, m);
            }
        }
        return bySignature;
    }

    private static void method(StringBuilder src, Method m, String target, boolean statementLike, boolean guarded) {
        TypeVariable<Method>[] typeParams = m.getTypeParameters();
        Type[] params = m.getGenericParameterTypes();
        Class<?> returns = m.getReturnType();
        boolean throwsSql = Arrays.asList(m.getExceptionTypes()).contains(SQLException.class);
        if (m.isAnnotationPresent(Deprecated.class)) {
            src.append("    @Deprecated\n");
        }
        src.append("    @Override\n    public ");
        if (typeParams.length > 0) {
            src.append(Arrays.stream(typeParams).map(TypeVariable::getName).collect(Collectors.joining(", ", "<", "> ")));
        }
        src.append(m.getGenericReturnType().getTypeName()).append(' ').append(m.getName()).append('(');
        for (int i = 0; i < params.length; i++) {
            src.append(i > 0 ? ", " : "").append(params[i].getTypeName()).append(" a").append(i);
        }
        src.append(')');
        if (m.getExceptionTypes().length > 0) {
            src.append(" throws ").append(Arrays.stream(m.getExceptionTypes()).map(Class::getName).collect(Collectors.joining(", ")));
        }
        src.append(" {\n");
        if (guarded) {
            if (!throwsSql) {
                throw new IllegalStateException("a guarded method must be able to throw SQLException: " + m);
            }
            src.append("        checkOpen();\n");
        }
        String call = target + '.' + m.getName()
                + IntStream.range(0, params.length).mapToObj(i -> "a" + i).collect(Collectors.joining(", ", "(", ")"));
        if (statementLike && returns == ResultSet.class) {
            call = "wrap(" + call + ")";
        }
        boolean takesSql = statementLike && params.length > 0 && params[0] == String.class
                && (m.getName().startsWith("execute") || m.getName().equals("addBatch"));
        String body = (takesSql ? "noteSql(a0); " : "")
                + (statementLike && m.getName().startsWith("execute") ? "beforeExecute(); " : "")
                + (returns == void.class ? call + ";" : "return " + call + ";");
        if (throwsSql) {
            src.append("        try {\n            ").append(body).append("\n        } catch (java.sql.SQLException e) {\n")
                    .append("            throw onError(e);\n        }\n");
        } else if (Arrays.asList(m.getExceptionTypes()).contains(SQLClientInfoException.class)) {
            // setClientInfo may only throw SQLClientInfoException, but delegate() reports a closed proxy as SQLException.
            src.append("        try {\n            ").append(body).append("\n        } catch (java.sql.SQLClientInfoException e) {\n")
                    .append("            throw e;\n        } catch (java.sql.SQLException e) {\n")
                    .append("            throw new java.sql.SQLClientInfoException(e.getMessage(), e.getSQLState(), e.getErrorCode(), null, onError(e));\n        }\n");
        } else if (Arrays.stream(m.getExceptionTypes()).anyMatch(SQLException.class::isAssignableFrom)) {
            throw new IllegalStateException("no rule for the exceptions of " + m);
        } else {
            src.append("        ").append(body).append('\n');
        }
        src.append("    }\n\n");
    }
}
