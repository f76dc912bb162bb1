package microlab.e2e.observability;

import com.fasterxml.jackson.databind.JsonNode;
import microlab.e2e.Http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The queries of a Grafana dashboard file: every panel's Prometheus expressions, rows' panels included. */
public final class Dashboard {

    public record Query(String panel, String expr) {
    }

    private Dashboard() {
    }

    public static List<Query> queries(Path file) {
        JsonNode root;
        try {
            root = Http.JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
        List<Query> queries = new ArrayList<>();
        collect(root.path("panels"), queries);
        if (queries.isEmpty()) {
            throw new IllegalStateException(file + " has no panel with a query");
        }
        return queries;
    }

    private static void collect(JsonNode panels, List<Query> queries) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText("");
                if (!expr.isBlank()) {
                    queries.add(new Query(panel.path("title").asText("?"), expr));
                }
            }
            collect(panel.path("panels"), queries);
        }
    }
}
