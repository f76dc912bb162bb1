package microlab.gateway.home;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import microlab.gateway.testing.ChromiumSession;
import microlab.gateway.testing.GatewayFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The home page as a person sees it, in headless Chromium. */
@MicronautTest
class HomePageBrowserTest extends GatewayFixture {

    @RegisterExtension
    static final ChromiumSession CHROMIUM = new ChromiumSession();

    @Test
    void homePageShowsRoutesAndBackendsAndItsLinksGoThroughTheGateway() {
        WebDriver browser = CHROMIUM.browser();
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
