package microlab.e2e.chaos;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The check after the load, in the orders and users databases themselves: every acknowledged order (its key and id)
 * and user (its email) must be there, and no key of this run may have made two orders.
 */
final class Databases {

    /** Per phase: acknowledged writes that are not there, and orders made more than once. */
    record Verdict(Map<Phase, Long> lost, Map<Phase, Long> duplicates) {
    }

    private Databases() {
    }

    /** Prints a line for each loss and each duplicate; duplicates of a key nobody acknowledged count to the first phase. */
    static Verdict verify(int pgPort, String runId, Collection<Ack> acks, List<Phase> phases) throws Exception {
        Map<Phase, Long> lost = new LinkedHashMap<>();
        Map<Phase, Long> duplicates = new LinkedHashMap<>();
        String base = "jdbc:postgresql://127.0.0.1:" + pgPort + "/";
        try (Connection orders = DriverManager.getConnection(base + "orders", "orders", "orders");
             Connection users = DriverManager.getConnection(base + "users", "users", "users");
             PreparedStatement keyed = orders.prepareStatement(
                     "SELECT k.order_id FROM idempotency_keys k JOIN orders o ON o.id = k.order_id WHERE k.key = ?");
             PreparedStatement byEmail = users.prepareStatement("SELECT count(*) FROM users WHERE email = ?");
             PreparedStatement twice = orders.prepareStatement(
                     "SELECT sku, count(DISTINCT order_id) FROM order_items WHERE sku LIKE ? GROUP BY sku HAVING count(DISTINCT order_id) > 1")) {
            for (Ack ack : acks) {
                boolean present;
                if (ack.kind().equals("order")) {
                    keyed.setString(1, ack.key());
                    try (ResultSet row = keyed.executeQuery()) {
                        present = row.next() && row.getLong(1) == ack.id();
                    }
                } else {
                    byEmail.setString(1, ack.email());
                    try (ResultSet row = byEmail.executeQuery()) {
                        present = row.next() && row.getLong(1) == 1;
                    }
                }
                if (!present) {
                    lost.merge(ack.phase(), 1L, Long::sum);
                    System.out.println("bin/chaos: LOST " + ack);
                }
            }
            twice.setString(1, "CH-" + runId + "-%");
            try (ResultSet rows = twice.executeQuery()) {
                while (rows.next()) {
                    String key = rows.getString(1).substring(3);
                    Phase phase = acks.stream().filter(a -> key.equals(a.key())).map(Ack::phase).findFirst().orElse(phases.get(0));
                    duplicates.merge(phase, rows.getLong(2) - 1, Long::sum);
                    System.out.println("bin/chaos: DUPLICATE orders for key " + key + ": " + rows.getLong(2));
                }
            }
        }
        return new Verdict(lost, duplicates);
    }
}
