package microlab.gateway.testing;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.fail;

/** Headless Chromium for the page tests: skipped where it is not installed, except in CI, where that fails. */
public final class Chromium {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

    private Chromium() {
    }

    /** A browser with its profile in {@code profile}; the caller quits it. */
    public static WebDriver open(Path profile) {
        boolean installed = CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
        String missing = "Chromium is not installed (apt-get install -y chromium chromium-driver)";
        // a developer machine may lack a browser; CI must not stay green without the page check
        if (!installed && "true".equals(System.getenv("CI"))) {
            fail(missing + "; CI=true, so the browser test must run");
        }
        Assumptions.assumeTrue(installed, missing);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile);
        return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).build(), options);
    }
}
