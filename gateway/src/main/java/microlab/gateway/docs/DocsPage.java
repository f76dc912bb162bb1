package microlab.gateway.docs;

import io.micronaut.core.io.ResourceResolver;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The page at {@code /docs/}: Swagger UI from its webjar, served under {@code /docs/ui/<version>/} by the
 * gateway itself, with one entry per API document. The validator badge is off, so the page asks nothing of
 * any other host.
 */
@Singleton
class DocsPage {

    private final String ui;

    DocsPage(ResourceResolver resources) {
        Properties webjar = new Properties();
        try (InputStream in = resources.getResourceAsStream(
                "classpath:META-INF/maven/org.webjars/swagger-ui/pom.properties").orElseThrow()) {
            webjar.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.ui = "/docs/ui/" + webjar.getProperty("version") + "/";
    }

    /** Names are checked at start-up ({@link ApiDocuments}: lower-case letters, digits, dashes), so none needs escaping. */
    String render(List<String> names) {
        String urls = names.stream()
                .map(name -> "{name: \"" + name + "\", url: \"/docs/" + name + ".yml\"}")
                .collect(Collectors.joining(",\n        "));
        return """
                <!doctype html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <title>microlab: API docs</title>
                  <link rel="stylesheet" href="%1$sswagger-ui.css">
                  <link rel="icon" type="image/png" href="%1$sfavicon-32x32.png">
                </head>
                <body>
                  <div id="swagger-ui"></div>
                  <script src="%1$sswagger-ui-bundle.js"></script>
                  <script src="%1$sswagger-ui-standalone-preset.js"></script>
                  <script>
                    window.ui = SwaggerUIBundle({
                      urls: [
                        %2$s
                      ],
                      "urls.primaryName": "%3$s",
                      dom_id: "#swagger-ui",
                      presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
                      layout: "StandaloneLayout",
                      validatorUrl: null
                    });
                  </script>
                </body>
                </html>
                """.formatted(ui, urls, names.get(0));
    }
}
