package io.cistern.testkit;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Calls every method of a closed JDBC object by reflection and reports those that did not refuse.
 * A refusal is an {@link SQLException} thrown before the driver is reached; a method that returns
 * normally, or fails in any other way, is reported. Arguments are placeholders (1, "SELECT 1",
 * {@code null}), since a closed object must refuse whatever it is given.
 */
public final class ClosedJdbc {
    /** What JDBC lets a closed object answer: closing again, and asking whether it is closed. */
    public static final Set<String> ALWAYS_ALLOWED = Set.of("close", "isClosed");

    private ClosedJdbc() {
    }

    /**
     * @param closed the object, closed (or whose connection was returned)
     * @param iface the JDBC interface whose methods to call
     * @param allowed further method names that may answer normally on a closed object
     * @return the methods, as {@code name(ParamTypes)}, that answered without an SQLException
     */
    public static List<String> notRefused(Object closed, Class<?> iface, Set<String> allowed) {
        List<String> answered = new ArrayList<>();
        Method[] methods = iface.getMethods();
        Arrays.sort(methods, Comparator.comparing(ClosedJdbc::signature));
        for (Method m : methods) {
            if (Modifier.isStatic(m.getModifiers()) || m.getDeclaringClass() == Object.class
                    || ALWAYS_ALLOWED.contains(m.getName()) || allowed.contains(m.getName())) {
                continue;
            }
            Object[] args = Arrays.stream(m.getParameterTypes()).map(ClosedJdbc::placeholder).toArray();
            try {
                m.invoke(closed, args);
                answered.add(signature(m) + " returned normally");
            } catch (InvocationTargetException e) {
                if (!(e.getCause() instanceof SQLException)) {
                    answered.add(signature(m) + " threw " + e.getCause());
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot call " + signature(m), e);
            }
        }
        return answered;
    }

    /** @return how many methods {@link #notRefused} would call on {@code iface} */
    public static int methodCount(Class<?> iface, Set<String> allowed) {
        return (int) Arrays.stream(iface.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()) && m.getDeclaringClass() != Object.class
                        && !ALWAYS_ALLOWED.contains(m.getName()) && !allowed.contains(m.getName()))
                .count();
    }

    private static String signature(Method m) {
        return m.getName() + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName)
                .collect(Collectors.joining(",", "(", ")"));
    }

    private static Object placeholder(Class<?> type) {
        if (type == int.class) {
            return 1;
        }
        if (type == long.class) {
            return 1L;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == double.class) {
            return 0d;
        }
        if (type == float.class) {
            return 0f;
        }
        if (type == short.class) {
            return (short) 0;
        }
        if (type == byte.class) {
            return (byte) 0;
        }
        if (type == char.class) {
            return 'a';
        }
        if (type == String.class) {
            return "SELECT 1";
        }
        if (type == int[].class) {
            return new int[] {1};
        }
        if (type == String[].class) {
            return new String[] {"a"};
        }
        if (type == Class.class) {
            return Object.class;
        }
        return null;
    }
}
