package microlab.orders;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Reads and clears the test database over its own JDBC connection, beside the service's pool. */
public final class Rows {

    private final String url;
    private final String user;
    private final String password;

    public Rows(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** A connection of the test's own, to play a concurrent transaction. */
    public Connection connection() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    public long orders() {
        return count("SELECT count(*) FROM orders");
    }

    public long items() {
        return count("SELECT count(*) FROM order_items");
    }

    public long keys() {
        return count("SELECT count(*) FROM idempotency_keys");
    }

    /** The order an Idempotency-Key is stored with, or null when the key is not stored. */
    public Long orderOfKey(String key) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             var statement = connection.prepareStatement("SELECT order_id FROM idempotency_keys WHERE key = ?")) {
            statement.setString(1, key);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getLong(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public void deleteAll() {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM idempotency_keys");
            statement.executeUpdate("DELETE FROM order_items");
            statement.executeUpdate("DELETE FROM orders");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long count(String sql) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
