package io.cistern.jdbc;

import java.sql.SQLException;
import java.sql.Wrapper;

/** {@link Wrapper} for the proxies: the proxy itself, else the driver's object, else whatever that wraps. */
final class Unwrapping {
    private Unwrapping() {
    }

    static <T> T unwrap(Object proxy, Wrapper raw, Class<T> iface) throws SQLException {
        if (iface.isInstance(proxy)) {
            return iface.cast(proxy);
        }
        if (iface.isInstance(raw)) {
            return iface.cast(raw);
        }
        return raw.unwrap(iface);
    }

    static boolean isWrapperFor(Object proxy, Wrapper raw, Class<?> iface) throws SQLException {
        return iface.isInstance(proxy) || iface.isInstance(raw) || raw.isWrapperFor(iface);
    }
}
