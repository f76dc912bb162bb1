package microlab.gateway.docs;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import microlab.gateway.testing.ChromiumSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Swagger UI at /docs/ as a person uses it, in headless Chromium: pick a service, try an operation. */
@MicronautTest
class DocsPageBrowserTest extends DocsFixture {

    @RegisterExtension
    static final ChromiumSession CHROMIUM = new ChromiumSession();

    @Test
    void aGetUsersByIdExecutedFromThePageGoesThroughTheGatewayToUsersService() {
        WebDriver browser = CHROMIUM.browser();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        browser.get(uri("/docs/").toString());

        Select documents = new Select(wait.until(ExpectedConditions.elementToBeClickable(By.id("select"))));
        List<String> names = documents.getOptions().stream().map(WebElement::getText).toList();
        assertEquals(List.of("gateway", "consumer-service", "forecast", "orders-service", "users-service"), names);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".info .title"), "gateway"));

        documents.selectByVisibleText("users-service");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".info .title"), "users-service"));
        wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector(".opblock-get .opblock-summary-path[data-path='/users/{id}']"))).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".opblock-get .try-out__btn"))).click();
        browser.findElement(By.cssSelector(".opblock-get input[placeholder='id']")).sendKeys("7");
        browser.findElement(By.cssSelector(".opblock-get button.execute")).click();

        WebElement status = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".live-responses-table .response .response-col_status")));
        assertEquals("200", status.getText());
        String body = browser.findElement(By.cssSelector(".live-responses-table .response .response-col_description pre")).getText();
        assertTrue(body.contains("\"path\": \"/users/7\""), body);
        assertEquals(1, users.hits("/users/7"));
        String requestUrl = browser.findElement(By.cssSelector(".request-url pre")).getText();
        assertEquals(uri("/users/7").toString(), requestUrl);
    }
}
