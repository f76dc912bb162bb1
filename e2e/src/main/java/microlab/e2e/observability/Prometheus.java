package microlab.e2e.observability;

import microlab.e2e.Http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Prometheus' HTTP API (port 9090): its scrape targets and instant queries. */
public final class Prometheus {

    private final Http prometheus;

    public Prometheus(String base) {
        this.prometheus = new Http(base);
    }

    public List<Target> targets() {
        return prometheus.getJson("/api/v1/targets?state=active", TargetsAnswer.class).data().activeTargets();
    }

    /** The series an instant query returns now (a failed query, e.g. a syntax error, throws). */
    public List<Series> query(String promql) {
        QueryAnswer answer = prometheus.getJson("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8),
                QueryAnswer.class);
        if (!"success".equals(answer.status())) {
            throw new IllegalStateException(promql + ": " + answer.error());
        }
        return answer.data().result();
    }

    record TargetsAnswer(TargetsData data) {
    }

    record TargetsData(List<Target> activeTargets) {
    }

    public record Target(Map<String, String> labels, String scrapePool, String health, String lastError) {

        public String job() {
            return labels.getOrDefault("job", scrapePool);
        }
    }

    record QueryAnswer(String status, String error, QueryData data) {
    }

    record QueryData(String resultType, List<Series> result) {
    }

    /** One series of a vector result: its labels and its value (time, value as text). */
    public record Series(Map<String, String> metric, List<Object> value) {

        boolean hasNumber() {
            try {
                return Double.isFinite(Double.parseDouble(valueText()));
            } catch (NumberFormatException e) {
                return false;
            }
        }

        public String valueText() {
            return value == null || value.size() < 2 ? "?" : String.valueOf(value.get(1));
        }
    }
}
