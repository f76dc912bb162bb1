package microlab.gateway.home;

import java.util.Map;
import java.util.stream.Collectors;

/** The home page as HTML: two small tables, no script, every value escaped. */
final class HomePage {

    private HomePage() {
    }

    static String render(Home home) {
        StringBuilder html = new StringBuilder(4096);
        html.append("""
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>microlab gateway</title>
                <style>
                body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; }
                table { border-collapse: collapse; margin-bottom: 2rem; }
                th, td { border: 1px solid #ccc; padding: .35rem .7rem; text-align: left; }
                th { background: #f3f3f3; }
                .UP { color: #11772b; font-weight: bold; }
                .DOWN, .UNREACHABLE, .TIMEOUT { color: #b3261e; font-weight: bold; }
                </style>
                </head>
                <body>
                <h1>microlab gateway</h1>
                <p>Every path below is served by the backend on its line; the path reaches it unchanged.</p>
                <h2>Routes</h2>
                <table id="routes">
                <tr><th>path</th><th>service</th><th>backend</th><th>timeout</th></tr>
                """);
        for (RouteView route : home.routes()) {
            html.append("<tr><td><a href=\"").append(escape(route.prefix())).append("\">")
                    .append(escape(route.prefix())).append("</a></td><td>").append(escape(route.service()))
                    .append("</td><td>").append(escape(route.url())).append("</td><td>")
                    .append(route.timeoutMillis()).append(" ms</td></tr>\n");
        }
        html.append("</table>\n<h2>Backends</h2>\n<table id=\"backends\">\n")
                .append("<tr><th>service</th><th>backend</th><th>readiness</th><th>HTTP</th><th>checked in</th>")
                .append("<th>components</th></tr>\n");
        for (BackendStatus backend : home.backends()) {
            html.append("<tr><td>").append(escape(backend.service())).append("</td><td>")
                    .append(escape(backend.url())).append("</td><td class=\"").append(escape(backend.status()))
                    .append("\">").append(escape(backend.status())).append("</td><td>")
                    .append(backend.httpStatus() == null ? "-" : backend.httpStatus()).append("</td><td>")
                    .append(backend.millis()).append(" ms</td><td>").append(escape(components(backend.components())))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n<p>Checked at ").append(escape(home.checkedAt().toString()))
                .append(". The same as JSON: <code>curl -H 'Accept: application/json' &lt;this URL&gt;</code>.</p>\n")
                .append("</body>\n</html>\n");
        return html.toString();
    }

    private static String components(Map<String, String> components) {
        return components.entrySet().stream()
                .map(entry -> entry.getKey() + " " + entry.getValue())
                .collect(Collectors.joining(", "));
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
