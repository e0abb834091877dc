package io.cistern.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Makes {@link DatabaseMetaData#getConnection()} return the pool's proxy, wraps the result sets
 * it returns, and refuses every call once its connection has gone back to the pool. A dynamic proxy: its
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
        if (arity == 0 && name.equals("toString")) {
            return "CisternMetaData{" + raw + '}';
        }
        if (arity == 0 && name.equals("hashCode")) {
            return System.identityHashCode(proxy);
        }
        if (arity == 1 && name.equals("equals")) {
            return proxy == args[0];
        }
        if (connection.isReturned() && method.getExceptionTypes().length > 0) {
            // Only the driver's version numbers cannot throw; they are facts about the driver, not the session.
            throw connection.returnedError();
        }
        if (arity == 0 && name.equals("getConnection")) {
            return connection.proxy();
        }
        if (arity == 1 && name.equals("unwrap") && ((Class<?>) args[0]).isInstance(proxy)) {
            return proxy;
        }
        if (arity == 1 && name.equals("isWrapperFor") && ((Class<?>) args[0]).isInstance(proxy)) {
            return true;
        }
        try {
            Object result = method.invoke(raw, args);
            return result instanceof ResultSet ? new ResultSetProxy(null, connection, (ResultSet) result) : result;
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw cause instanceof SQLException ? connection.onError((SQLException) cause) : cause;
        }
    }
}
