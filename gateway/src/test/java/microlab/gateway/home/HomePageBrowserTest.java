package microlab.gateway.home;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import microlab.gateway.testing.Chromium;
import microlab.gateway.testing.GatewayFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The home page as a person sees it, in headless Chromium. */
@MicronautTest
class HomePageBrowserTest extends GatewayFixture {

    private WebDriver browser;

    @BeforeAll
    void openBrowser(@TempDir Path profile) {
        browser = Chromium.open(profile);
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void homePageShowsRoutesAndBackendsAndItsLinksGoThroughTheGateway() {
        browser.get(uri("/").toString());

        assertEquals("microlab gateway", browser.getTitle());
        List<String> prefixes = browser.findElements(By.cssSelector("#routes a")).stream().map(WebElement::getText).toList();
        assertEquals(List.of("/users", "/visits", "/orders", "/summary", "/forecast"), prefixes);
        List<String> readiness = browser.findElements(By.cssSelector("#backends tr td:nth-child(3)")).stream()
                .map(WebElement::getText).toList();
        assertEquals(List.of("UP", "UNREACHABLE", "DOWN", "TIMEOUT"), readiness);
        String usersColor = browser.findElement(By.cssSelector("#backends td.UP")).getCssValue("color");
        String ordersColor = browser.findElement(By.cssSelector("#backends td.UNREACHABLE")).getCssValue("color");
        assertTrue(!usersColor.equals(ordersColor), usersColor + " vs " + ordersColor);

        browser.findElement(By.linkText("/visits")).click();

        assertTrue(browser.getPageSource().contains("\"path\":\"/visits\""), browser.getPageSource());
    }
}
