package io.cistern.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;

/**
 * Makes {@link DatabaseMetaData#getConnection()} return the pool's proxy. A dynamic proxy: its
 * 180-odd methods are called rarely (by frameworks at start-up), so reflection costs nothing that
 * matters and saves a large generated class.
 */
final class MetaDataProxy implements InvocationHandler {
    private final ConnectionSupport connection;
    private final DatabaseMetaData raw;

    private MetaDataProxy(ConnectionSupport connection, DatabaseMetaData raw) {
        this.connection = connection;
        this.raw = raw;
    }

    static DatabaseMetaData wrap(ConnectionSupport connection, DatabaseMetaData raw) {
        return (DatabaseMetaData) Proxy.newProxyInstance(MetaDataProxy.class.getClassLoader(),
                new Class<?>[] {DatabaseMetaData.class}, new MetaDataProxy(connection, raw));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        int arity = args == null ? 0 : args.length;
        if (arity == 0 && name.equals("getConnection")) {
            return connection.proxy();
        }
        if (arity == 1 && name.equals("unwrap") && ((Class<?>) args[0]).isInstance(proxy)) {
            return proxy;
        }
        if (arity == 1 && name.equals("isWrapperFor") && ((Class<?>) args[0]).isInstance(proxy)) {
            return true;
        }
        if (arity == 0 && name.equals("toString")) {
            return "CisternMetaData{" + raw + '}';
        }
        if (arity == 0 && name.equals("hashCode")) {
            return System.identityHashCode(proxy);
        }
        if (arity == 1 && name.equals("equals")) {
            return proxy == args[0];
        }
        try {
            return method.invoke(raw, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw cause instanceof SQLException ? connection.onError((SQLException) cause) : cause;
        }
    }
}
