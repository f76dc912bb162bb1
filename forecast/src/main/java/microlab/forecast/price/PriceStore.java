package microlab.forecast.price;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.ReadOnly;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Assets and their daily closes in PostgreSQL. A series is always replaced whole, in one transaction. */
@Singleton
public class PriceStore {

    private static final String ASSET_COLUMNS = """
            select a.symbol, a.data_version, a.revision, a.source, a.updated_at,
                   count(p.day) as days, min(p.day) as first_day, max(p.day) as last_day
            from asset a left join price p on p.symbol = a.symbol
            """;

    private final JdbcOperations jdbc;

    public PriceStore(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    @ReadOnly
    public List<Asset> assets() {
        return jdbc.prepareStatement(ASSET_COLUMNS + " group by a.symbol order by a.symbol", statement -> {
            List<Asset> assets = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    assets.add(asset(rs));
                }
            }
            return assets;
        });
    }

    @ReadOnly
    public Optional<Asset> asset(String symbol) {
        return jdbc.prepareStatement(ASSET_COLUMNS + " where a.symbol = ? group by a.symbol", statement -> {
            statement.setString(1, symbol);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(asset(rs)) : Optional.empty();
            }
        });
    }

    /** The whole series, oldest first, read with its data version in one transaction so the two match. */
    @ReadOnly
    public Optional<PriceSeries> series(String symbol) {
        Optional<String> version = jdbc.prepareStatement("select data_version from asset where symbol = ?", statement -> {
            statement.setString(1, symbol);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        });
        return version.map(v -> new PriceSeries(symbol, v, prices(symbol, LocalDate.MIN, LocalDate.MAX)));
    }

    @ReadOnly
    public List<DailyClose> prices(String symbol, LocalDate from, LocalDate to) {
        return jdbc.prepareStatement("select day, close from price where symbol = ? and day >= ? and day <= ? order by day",
                statement -> {
                    statement.setString(1, symbol);
                    statement.setObject(2, clamp(from));
                    statement.setObject(3, clamp(to));
                    List<DailyClose> prices = new ArrayList<>();
                    try (ResultSet rs = statement.executeQuery()) {
                        while (rs.next()) {
                            prices.add(new DailyClose(rs.getObject(1, LocalDate.class), rs.getDouble(2)));
                        }
                    }
                    return prices;
                });
    }

    /** Replaces the series of {@code symbol} (creating the asset if needed) and returns its new state. */
    @Transactional
    public Asset replace(String symbol, List<DailyClose> prices, String source) {
        lock(symbol);
        upsertAsset(symbol, DataVersion.of(prices), source);
        jdbc.prepareStatement("delete from price where symbol = ?", statement -> {
            statement.setString(1, symbol);
            return statement.executeUpdate();
        });
        insert(symbol, prices);
        return asset(symbol).orElseThrow();
    }

    /** Loads a series only if the asset does not exist yet; true when it did load. */
    @Transactional
    public boolean loadIfAbsent(String symbol, List<DailyClose> prices, String source) {
        lock(symbol);
        boolean exists = jdbc.prepareStatement("select 1 from asset where symbol = ?", statement -> {
            statement.setString(1, symbol);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        });
        if (exists) {
            return false;
        }
        upsertAsset(symbol, DataVersion.of(prices), source);
        insert(symbol, prices);
        return true;
    }

    // Serialises writers of one symbol, including two instances starting at once against one database.
    private void lock(String symbol) {
        jdbc.prepareStatement("select pg_advisory_xact_lock(hashtext('forecast.asset.' || ?))", statement -> {
            statement.setString(1, symbol);
            statement.execute();
            return null;
        });
    }

    private void upsertAsset(String symbol, String dataVersion, String source) {
        jdbc.prepareStatement("""
                insert into asset (symbol, data_version, revision, source, updated_at) values (?, ?, 1, ?, now())
                on conflict (symbol) do update set data_version = excluded.data_version,
                    revision = asset.revision + 1, source = excluded.source, updated_at = now()
                """, statement -> {
            statement.setString(1, symbol);
            statement.setString(2, dataVersion);
            statement.setString(3, source);
            return statement.executeUpdate();
        });
    }

    private void insert(String symbol, List<DailyClose> prices) {
        jdbc.prepareStatement("insert into price (symbol, day, close) values (?, ?, ?)", statement -> {
            int pending = 0;
            for (DailyClose price : prices) {
                statement.setString(1, symbol);
                statement.setObject(2, price.date());
                statement.setDouble(3, price.close());
                statement.addBatch();
                if (++pending == 1000) {
                    statement.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                statement.executeBatch();
            }
            return null;
        });
    }

    private static LocalDate clamp(LocalDate day) {
        // PostgreSQL dates span 4713 BC to 5874897 AD; LocalDate.MIN/MAX do not fit
        if (day.isBefore(LocalDate.of(1, 1, 1))) {
            return LocalDate.of(1, 1, 1);
        }
        return day.isAfter(LocalDate.of(9999, 12, 31)) ? LocalDate.of(9999, 12, 31) : day;
    }

    private static Asset asset(ResultSet rs) throws SQLException {
        Timestamp updated = rs.getTimestamp("updated_at");
        Date first = rs.getDate("first_day");
        Date last = rs.getDate("last_day");
        return new Asset(rs.getString("symbol"), rs.getString("data_version"), rs.getInt("revision"),
                rs.getString("source"), updated.toInstant(), rs.getInt("days"),
                first == null ? null : rs.getObject("first_day", LocalDate.class),
                last == null ? null : rs.getObject("last_day", LocalDate.class));
    }
}
