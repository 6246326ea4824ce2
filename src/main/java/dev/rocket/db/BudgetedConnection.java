package dev.rocket.db;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A physical connection of an app pool that gives its {@link ConnectionBudget} permit back exactly once, on
 * the first {@code close} or {@code abort}. A plain delegating class: every JDBC call of every request goes
 * through it, and a reflective proxy cost a lookup and an {@code invoke} per call.
 */
final class BudgetedConnection implements Connection {
    private final Connection c;
    private final ConnectionBudget budget;
    private final AtomicBoolean released = new AtomicBoolean();

    BudgetedConnection(Connection c, ConnectionBudget budget) {
        this.c = c;
        this.budget = budget;
    }

    @Override
    public void close() throws SQLException {
        try {
            c.close();
        } finally {
            release();
        }
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        try {
            c.abort(executor);
        } finally {
            release();
        }
    }

    private void release() {
        if (released.compareAndSet(false, true)) {
            budget.release();
        }
    }

    @Override
    public void clearWarnings() throws SQLException {
        c.clearWarnings();
    }

    @Override
    public void commit() throws SQLException {
        c.commit();
    }

    @Override
    public Array createArrayOf(String a0, Object[] a1) throws SQLException {
        return c.createArrayOf(a0, a1);
    }

    @Override
    public Blob createBlob() throws SQLException {
        return c.createBlob();
    }

    @Override
    public Clob createClob() throws SQLException {
        return c.createClob();
    }

    @Override
    public NClob createNClob() throws SQLException {
        return c.createNClob();
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        return c.createSQLXML();
    }

    @Override
    public Statement createStatement() throws SQLException {
        return c.createStatement();
    }

    @Override
    public Statement createStatement(int a0, int a1) throws SQLException {
        return c.createStatement(a0, a1);
    }

    @Override
    public Statement createStatement(int a0, int a1, int a2) throws SQLException {
        return c.createStatement(a0, a1, a2);
    }

    @Override
    public Struct createStruct(String a0, Object[] a1) throws SQLException {
        return c.createStruct(a0, a1);
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        return c.getAutoCommit();
    }

    @Override
    public String getCatalog() throws SQLException {
        return c.getCatalog();
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        return c.getClientInfo();
    }

    @Override
    public String getClientInfo(String a0) throws SQLException {
        return c.getClientInfo(a0);
    }

    @Override
    public int getHoldability() throws SQLException {
        return c.getHoldability();
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        return c.getMetaData();
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        return c.getNetworkTimeout();
    }

    @Override
    public String getSchema() throws SQLException {
        return c.getSchema();
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        return c.getTransactionIsolation();
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        return c.getTypeMap();
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        return c.getWarnings();
    }

    @Override
    public boolean isClosed() throws SQLException {
        return c.isClosed();
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        return c.isReadOnly();
    }

    @Override
    public boolean isValid(int a0) throws SQLException {
        return c.isValid(a0);
    }

    @Override
    public boolean isWrapperFor(Class<?> a0) throws SQLException {
        return c.isWrapperFor(a0);
    }

    @Override
    public String nativeSQL(String a0) throws SQLException {
        return c.nativeSQL(a0);
    }

    @Override
    public CallableStatement prepareCall(String a0) throws SQLException {
        return c.prepareCall(a0);
    }

    @Override
    public CallableStatement prepareCall(String a0, int a1, int a2) throws SQLException {
        return c.prepareCall(a0, a1, a2);
    }

    @Override
    public CallableStatement prepareCall(String a0, int a1, int a2, int a3) throws SQLException {
        return c.prepareCall(a0, a1, a2, a3);
    }

    @Override
    public PreparedStatement prepareStatement(String a0) throws SQLException {
        return c.prepareStatement(a0);
    }

    @Override
    public PreparedStatement prepareStatement(String a0, int[] a1) throws SQLException {
        return c.prepareStatement(a0, a1);
    }

    @Override
    public PreparedStatement prepareStatement(String a0, String[] a1) throws SQLException {
        return c.prepareStatement(a0, a1);
    }

    @Override
    public PreparedStatement prepareStatement(String a0, int a1) throws SQLException {
        return c.prepareStatement(a0, a1);
    }

    @Override
    public PreparedStatement prepareStatement(String a0, int a1, int a2) throws SQLException {
        return c.prepareStatement(a0, a1, a2);
    }

    @Override
    public PreparedStatement prepareStatement(String a0, int a1, int a2, int a3) throws SQLException {
        return c.prepareStatement(a0, a1, a2, a3);
    }

    @Override
    public void releaseSavepoint(Savepoint a0) throws SQLException {
        c.releaseSavepoint(a0);
    }

    @Override
    public void rollback() throws SQLException {
        c.rollback();
    }

    @Override
    public void rollback(Savepoint a0) throws SQLException {
        c.rollback(a0);
    }

    @Override
    public void setAutoCommit(boolean a0) throws SQLException {
        c.setAutoCommit(a0);
    }

    @Override
    public void setCatalog(String a0) throws SQLException {
        c.setCatalog(a0);
    }

    @Override
    public void setClientInfo(Properties a0) throws SQLClientInfoException {
        c.setClientInfo(a0);
    }

    @Override
    public void setClientInfo(String a0, String a1) throws SQLClientInfoException {
        c.setClientInfo(a0, a1);
    }

    @Override
    public void setHoldability(int a0) throws SQLException {
        c.setHoldability(a0);
    }

    @Override
    public void setNetworkTimeout(Executor a0, int a1) throws SQLException {
        c.setNetworkTimeout(a0, a1);
    }

    @Override
    public void setReadOnly(boolean a0) throws SQLException {
        c.setReadOnly(a0);
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        return c.setSavepoint();
    }

    @Override
    public Savepoint setSavepoint(String a0) throws SQLException {
        return c.setSavepoint(a0);
    }

    @Override
    public void setSchema(String a0) throws SQLException {
        c.setSchema(a0);
    }

    @Override
    public void setTransactionIsolation(int a0) throws SQLException {
        c.setTransactionIsolation(a0);
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> a0) throws SQLException {
        c.setTypeMap(a0);
    }

    @Override
    public <T> T unwrap(Class<T> a0) throws SQLException {
        return c.unwrap(a0);
    }
}
