package microlab.gateway.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.WebDriver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One headless Chromium for a test class, opened before its first test and quit after its last, its profile in a
 * folder of its own (under java.io.tmpdir: the module's target/) removed with it:
 * {@code @RegisterExtension static final ChromiumSession CHROMIUM = new ChromiumSession();}
 */
public final class ChromiumSession implements BeforeAllCallback, AfterAllCallback {

    private Path profile;
    private WebDriver browser;

    public WebDriver browser() {
        return browser;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        profile = Files.createTempDirectory("chromium-profile");
        browser = Chromium.open(profile);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
