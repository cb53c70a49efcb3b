package app.provisioning.console;

import java.time.Duration;
import java.util.List;

import app.provisioning.support.ScimIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Swagger UI in a real headless Chromium (Debian's chromium and chromium-driver): it
 * renders under the page's Content-Security-Policy without a violation, and "Try it out"
 * with an admin key entered in its Authorize dialog reaches the administration API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiDocsBrowserTest extends ScimIntegrationTest {

	private WebDriver browser;

	@BeforeAll
	void startChromium() throws Exception {
		this.browser = HeadlessChromium.start("api-docs-browser", true);
	}

	@AfterAll
	void stopChromium() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void swaggerUiRendersWithinThePolicyAndTriesRequestsWithTheAdminKey() throws Exception {
		open("/admin/login");
		this.browser.findElement(By.id("key")).sendKeys(ADMIN_KEY);
		this.browser.findElement(By.id("sign-in")).click();
		waitUpTo(15).until(ExpectedConditions.presenceOfElementLocated(By.id("api-docs")));
		this.browser.findElement(By.id("api-docs")).click();

		waitUpTo(30).until(ExpectedConditions.presenceOfElementLocated(By.id("operations-Accounts-listAccounts")));
		this.browser.findElement(By.cssSelector(".auth-wrapper .authorize")).click();
		waitUpTo(10).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".modal-ux input")));
		this.browser.findElement(By.cssSelector(".modal-ux input")).sendKeys(ADMIN_KEY);
		this.browser.findElement(By.cssSelector(".modal-ux .auth-btn-wrapper .authorize")).click();
		this.browser.findElement(By.cssSelector(".modal-ux .btn-done")).click();

		String operation = "#operations-Accounts-listAccounts";
		this.browser.findElement(By.cssSelector(operation + " .opblock-summary-control")).click();
		waitUpTo(10).until(ExpectedConditions.elementToBeClickable(By.cssSelector(operation + " .try-out__btn")))
			.click();
		this.browser.findElement(By.cssSelector(operation + " .execute")).click();
		By status = By.cssSelector(operation + " .live-responses-table tbody .response-col_status");
		waitUpTo(15).until(ExpectedConditions.presenceOfElementLocated(status));
		((JavascriptExecutor) this.browser).executeScript("arguments[0].scrollIntoView()",
				this.browser.findElement(status));
		screenshot("api-docs");
		assertThat(this.browser.findElement(status).getDomProperty("textContent").trim())
			.as("the status Try it out received")
			.startsWith("200");
		List<String> blocked = this.browser.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.map(LogEntry::getMessage)
			.filter((message) -> message.contains("Content Security Policy")
					|| message.contains("Content-Security-Policy"))
			.toList();
		assertThat(blocked).as("what the page's Content-Security-Policy blocked").isEmpty();
	}

	private void open(String path) {
		this.browser.get("http://localhost:" + this.port + path);
	}

	private WebDriverWait waitUpTo(int seconds) {
		return new WebDriverWait(this.browser, Duration.ofSeconds(seconds));
	}

	private void screenshot(String name) throws Exception {
		HeadlessChromium.screenshot(this.browser, name);
	}

}
