package io.cistern.jdbc;

import io.cistern.pool.config.NotAllowed;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.SQLException;

/**
 * HikariCP's pluggable objects, read without depending on HikariCP: an {@code SQLExceptionOverride}
 * becomes a {@link SqlExceptionClassifier}, and {@code Credentials} and a
 * {@code HikariCredentialsProvider} give the user name and password. Matched by their method
 * names ({@code adjudicate}, {@code getCredentials}, {@code getUsername}, {@code getPassword}),
 * so HikariCP need not be on the class path and a class written for it works unchanged.
 */
final class HikariObjects {
    private HikariObjects() {
    }

    /** Instantiates a class by name with its public no-argument constructor, for a {@code *ClassName} property. */
    static Object instantiate(String className, String key) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try {
            Class<?> type = loader != null ? Class.forName(className, true, loader) : Class.forName(className);
            return type.getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(key + " = " + className + " is not allowed: no such class on the class path; "
                    + "allowed: the name of a class with a public no-argument constructor", e);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalArgumentException(key + " = " + className + " cannot be instantiated (" + e
                    + "); allowed: the name of a class with a public no-argument constructor", e);
        }
    }

    /**
     * @param candidate a {@link SqlExceptionClassifier}, or a HikariCP {@code SQLExceptionOverride}
     * @param key the property it came from, for the error
     * @return the classifier
     */
    static SqlExceptionClassifier classifier(Object candidate, String key) {
        if (candidate instanceof SqlExceptionClassifier) {
            return (SqlExceptionClassifier) candidate;
        }
        Method adjudicate = method(candidate, "adjudicate", SQLException.class);
        if (adjudicate == null) {
            throw NotAllowed.setting(key, candidate.getClass().getName(),
                    "an io.cistern.jdbc.SqlExceptionClassifier or a com.zaxxer.hikari.SQLExceptionOverride");
        }
        return new OverrideClassifier(candidate, adjudicate);
    }

    /** Applies a HikariCP {@code Credentials} object (user name and password) to the builder. */
    static void credentials(CisternConfig.Builder b, Object credentials) {
        String[] pair = userAndPassword(credentials, "credentials");
        b.username(pair[0]).password(pair[1]);
    }

    /**
     * @param provider a HikariCP {@code HikariCredentialsProvider}: has {@code getCredentials()}
     * @return the user name and password it gives now (it is asked for every new connection, so rotated secrets apply)
     */
    static String[] fromProvider(Object provider) {
        Method get = method(provider, "getCredentials");
        if (get == null) {
            throw NotAllowed.setting("credentialsProvider", provider.getClass().getName(),
                    "a com.zaxxer.hikari.HikariCredentialsProvider (an object with getCredentials())");
        }
        return userAndPassword(invoke(provider, get), "credentialsProvider.getCredentials()");
    }

    /** Checks at configuration time that the object can act as a credentials provider. */
    static Object checkProvider(Object provider) {
        if (method(provider, "getCredentials") == null) {
            throw NotAllowed.setting("credentialsProvider", provider.getClass().getName(),
                    "a com.zaxxer.hikari.HikariCredentialsProvider (an object with getCredentials())");
        }
        return provider;
    }

    private static String[] userAndPassword(Object credentials, String what) {
        if (credentials == null) {
            return new String[] {null, null};
        }
        Method user = method(credentials, "getUsername");
        Method password = method(credentials, "getPassword");
        if (user == null || password == null) {
            throw NotAllowed.setting(what, credentials.getClass().getName(),
                    "a com.zaxxer.hikari.util.Credentials (an object with getUsername() and getPassword())");
        }
        return new String[] {(String) invoke(credentials, user), (String) invoke(credentials, password)};
    }

    private static Method method(Object target, String name, Class<?>... parameters) {
        try {
            Method m = target.getClass().getMethod(name, parameters);
            m.setAccessible(true);
            return m;
        } catch (NoSuchMethodException | RuntimeException e) {
            return null;
        }
    }

    private static Object invoke(Object target, Method m, Object... args) {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(target.getClass().getName() + "." + m.getName() + " failed: " + e.getCause(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(target.getClass().getName() + "." + m.getName() + " is not accessible: " + e, e);
        }
    }

    /**
     * HikariCP's verdicts mapped onto Cistern's: {@code DO_NOT_EVICT} is {@code NOT_FATAL},
     * {@code MUST_EVICT} is {@code FATAL}, {@code CONTINUE_EVICT} (apply the built-in rules) is
     * {@code DEFAULT}.
     */
    private static final class OverrideClassifier implements SqlExceptionClassifier {
        private final Object override;
        private final Method adjudicate;

        OverrideClassifier(Object override, Method adjudicate) {
            this.override = override;
            this.adjudicate = adjudicate;
        }

        @Override
        public Verdict classify(SQLException e) {
            Object verdict;
            try {
                verdict = adjudicate.invoke(override, e);
            } catch (ReflectiveOperationException | RuntimeException failed) {
                return Verdict.DEFAULT;
            }
            String name = verdict instanceof Enum ? ((Enum<?>) verdict).name() : String.valueOf(verdict);
            switch (name) {
                case "DO_NOT_EVICT":
                    return Verdict.NOT_FATAL;
                case "MUST_EVICT":
                    return Verdict.FATAL;
                default:
                    return Verdict.DEFAULT;
            }
        }

        @Override
        public String toString() {
            return "SQLExceptionOverride " + override.getClass().getName();
        }
    }
}
