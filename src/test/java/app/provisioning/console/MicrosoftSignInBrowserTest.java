package app.provisioning.console;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import app.provisioning.support.FakeMicrosoftLogin;
import app.provisioning.support.FakeMicrosoftLogin.Person;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A customer's owner signs in with Microsoft in a real headless Chromium, through the
 * fake of Entra's sign-in (redirects, cookies and all), adds a colleague, reads the audit
 * trail, and is refused another tenant's account. Screenshots go to target/screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MicrosoftSignInBrowserTest extends ScimIntegrationTest {

	private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

	private WebDriver browser;

	@BeforeAll
	void startChromium() throws Exception {
		this.browser = HeadlessChromium.start("microsoft-sign-in", false);
	}

	@AfterAll
	void stopChromium() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	private WebElement find(String css) {
		return this.browser.findElement(By.cssSelector(css));
	}

	private void clickAndWait(String css, String expectedPath) {
		find(css).click();
		new WebDriverWait(this.browser, Duration.ofSeconds(15))
			.until((driver) -> driver.getCurrentUrl().contains(expectedPath)
					&& driver.findElements(By.cssSelector("h1")).size() > 0);
	}

	private UUID accountOfTenant(String name, String tenantId) {
		ScimResponse created = admin().send("POST", "/accounts", "{\"name\":\"" + name + " "
				+ UUID.randomUUID().toString().substring(0, 6) + "\",\"entraTenantId\":\"" + tenantId + "\"}", JSON);
		assertThat(created.status()).as(created.rawBody()).isEqualTo(201);
		return UUID.fromString(created.id());
	}

	@Test
	void anOwnerSignsInWithMicrosoftAddsAColleagueAndReadsTheAuditTrail() throws Exception {
		String tenant = UUID.randomUUID().toString();
		UUID account = accountOfTenant("Contoso", tenant);
		UUID other = accountOfTenant("Fabrikam", UUID.randomUUID().toString());
		Person owner = new Person(tenant, UUID.randomUUID().toString(), "megan.bowen@contoso.example", "Megan Bowen");
		admin().send("POST", "/accounts/" + account + "/members",
				"{\"userPrincipalName\":\"Megan.Bowen@contoso.example\",\"role\":\"owner\"}", JSON);
		FakeMicrosoftLogin.get().signInNext(owner);

		this.browser.get("http://localhost:" + this.port + "/admin");
		assertThat(this.browser.getCurrentUrl()).endsWith("/admin/login");
		assertThat(find("#sign-in-microsoft").getText()).isEqualTo("Sign in with Microsoft");
		HeadlessChromium.screenshot(this.browser, "07-sign-in-with-microsoft");
		clickAndWait("#sign-in-microsoft", "/admin");
		assertThat(find("h1").getText()).isEqualTo("Accounts");
		assertThat(find("#signed-in-as").getText()).contains("Megan Bowen");
		assertThat(find("#accounts").getText()).contains("Contoso").doesNotContain("Fabrikam");

		this.browser.get("http://localhost:" + this.port + "/admin/accounts/" + account);
		find("#member-person").sendKeys("alex.wilber@contoso.example");
		new Select(find("#member-role")).selectByValue("administrator");
		clickAndWait("#add-member-button", "/members");
		assertThat(find("#message").getText()).contains("alex.wilber@contoso.example may now sign in");
		assertThat(find("#member-list").getText()).contains("Megan Bowen").contains("alex.wilber@contoso.example");
		((org.openqa.selenium.JavascriptExecutor) this.browser)
			.executeScript("document.getElementById('members').scrollIntoView()");
		HeadlessChromium.screenshot(this.browser, "08-members");

		clickAndWait("#audit-link", "/audit");
		assertThat(find("#audit").getText()).contains("SIGN-IN with Microsoft")
			.contains("POST /admin/accounts/{accountId}/members")
			.contains("Megan Bowen");
		HeadlessChromium.screenshot(this.browser, "09-audit-trail");

		this.browser.get("http://localhost:" + this.port + "/admin/accounts/" + other);
		assertThat(find("h1").getText()).isEqualTo("Not found");
		assertThat(find("#error").getText()).contains("Account " + other + " not found");
	}

}
