package app.provisioning.console;

import java.time.Duration;
import java.util.UUID;

import app.provisioning.support.FakeGraphApp;
import app.provisioning.support.FakeGraph;
import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The administration pages in a real headless Chromium (Debian's chromium and
 * chromium-driver): what an administrator does on first set-up, end to end. Screenshots
 * of the main pages, at 1280 px and at a phone's width, are saved in target/screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest extends ScimIntegrationTest {

	private WebDriver browser;

	@BeforeAll
	void startChromium() throws Exception {
		this.browser = HeadlessChromium.start("console-browser", false);
	}

	@AfterAll
	void stopChromium() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	private void open(String path) {
		this.browser.get("http://localhost:" + this.port + path);
	}

	private WebElement find(String css) {
		return this.browser.findElement(By.cssSelector(css));
	}

	private void type(String css, String text) {
		WebElement field = find(css);
		field.clear();
		field.sendKeys(text);
	}

	/** Clicks something that loads a new page, and waits until it has. */
	private void submit(String css) {
		WebElement page = find("html");
		find(css).click();
		// The old page is gone once its element cannot be asked anything (Chromium says
		// so in more
		// than one way while the new page loads).
		waitUpTo(15).until((driver) -> {
			try {
				page.isEnabled();
				return false;
			}
			catch (org.openqa.selenium.WebDriverException ex) {
				return true;
			}
		});
	}

	private void screenshot(String name) throws Exception {
		HeadlessChromium.screenshot(this.browser, name);
	}

	private WebDriverWait waitUpTo(int seconds) {
		return new WebDriverWait(this.browser, Duration.ofSeconds(seconds));
	}

	@Test
	void anAdministratorSetsUpAnAccountAndFollowsWhatEntraProvisions() throws Exception {
		open("/admin");
		assertThat(this.browser.getCurrentUrl()).endsWith("/admin/login");
		screenshot("01-sign-in");
		type("#key", "not-the-key");
		submit("#sign-in");
		assertThat(find("#error").getText()).contains("not a valid admin key");
		type("#key", ADMIN_KEY);
		submit("#sign-in");
		assertThat(this.browser.getTitle()).startsWith("Accounts");

		FakeGraphApp app = FakeGraph.get()
			.newTenant()
			.newApp("User.Read.All", "GroupMember.Read.All", "Application.Read.All");
		String name = "Browser " + UUID.randomUUID().toString().substring(0, 8);
		type("#name", name);
		type("#entraTenantId", app.tenant().id());
		submit("#new-account button");
		assertThat(find("h1").getText()).as(this.browser.getCurrentUrl() + "\n" + this.browser.getPageSource())
			.isEqualTo(name);
		String accountPath = new java.net.URI(this.browser.getCurrentUrl()).getPath();
		UUID accountId = UUID.fromString(accountPath.substring(accountPath.lastIndexOf('/') + 1));

		// Entra connection: Test Connection before saving, then Save.
		type("#clientId", app.clientId());
		type("#clientSecret", app.secret());
		type("#applicationObjectId", app.objectId());
		submit("#test-connection");
		assertThat(find("#test-result").getText()).contains("Connected");
		assertThat(this.browser.getPageSource()).doesNotContain(app.secret());
		type("#clientSecret", app.secret());
		submit("#save-connection");
		assertThat(find("#message").getText()).contains("saved");
		assertThat(find("#clientSecret").getAttribute("value")).isEmpty();
		assertThat(this.browser.getPageSource()).doesNotContain(app.secret());

		// A SCIM token, shown once.
		type("#token-label", "Entra production");
		submit("#issue-token");
		String token = find("#issued-token code").getText();
		assertThat(token).isNotBlank();
		open(accountPath);
		assertThat(this.browser.getPageSource()).doesNotContain(token);

		// A field map, then a user provisioned by "Entra".
		find("#add-map").click();
		type("#map-name", "People");
		new Select(find("#map-target")).selectByValue("people");
		type("#map-fields", "Display name = name\nDepartment = department");
		submit("#save-map");
		assertThat(find("#message").getText()).contains("Field map 'People' added");
		screenshot("02-account-1280");
		ScimClient scim = new ScimClient(scimBaseUrl(), token, accountId);
		assertThat(scim.post("/Users", userBody("ola@contoso.com")).status()).isEqualTo(201);
		app.tenant().addUser("ola@contoso.com").set("department", "Finance");

		// A permission level, granted by a group Entra provisioned.
		assertThat(scim.post("/Groups", groupBody("Asset viewers")).status()).isEqualTo(201);
		type("#level-name", "Viewer");
		type("#level-rank", "10");
		submit("#levels form.row:last-of-type button");
		assertThat(find("#message").getText()).contains("Permission level 'Viewer' added");
		new Select(find(".level select[name=groupId]")).selectByVisibleText("Asset viewers");
		submit(".level button[type=submit]");
		assertThat(find("#message").getText()).contains("Permission level saved");
		assertThat(new Select(find(".level select[name=groupId]")).getFirstSelectedOption().getText())
			.isEqualTo("Asset viewers");

		// Sync Now, with the run's progress updating on the page until it completes.
		submit("#sync-now");
		waitUpTo(30).until(ExpectedConditions.textToBe(By.cssSelector("#runs tbody tr:first-child [data-field=state]"),
				"completed"));
		assertThat(find("#runs tbody tr:first-child [data-field=checked]").getText()).isEqualTo("1");

		// The sync log, filtered to the user, and the user's timeline.
		submit("#sync-log-link");
		assertThat(this.browser.findElements(By.cssSelector("#log"))).as(this.browser.getPageSource()).isNotEmpty();
		assertThat(find("#log").getText()).contains("create").contains("scim:");
		screenshot("03-sync-log-1280");
		type("#filter-user", "ola@contoso.com");
		submit("#apply-filters");
		assertThat(this.browser.findElements(By.cssSelector("#log tbody tr"))).isNotEmpty();
		submit("#log tbody tr td a");
		assertThat(find("#timeline").getText()).contains("create person");
		assertThat(find("#records").getText()).contains("ola@contoso.com").contains("active");
		screenshot("04-timeline-1280");

		// The same pages on a phone.
		this.browser.manage().window().setSize(new Dimension(390, 844));
		open(accountPath);
		screenshot("05-account-phone");
		open(accountPath + "/sync-log");
		screenshot("06-sync-log-phone");
		this.browser.manage().window().setSize(new Dimension(1280, 900));

		// Signing out ends the session.
		open("/admin");
		submit("#sign-out");
		open("/admin");
		assertThat(this.browser.getCurrentUrl()).endsWith("/admin/login");
	}

}
