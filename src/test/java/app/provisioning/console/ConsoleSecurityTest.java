package app.provisioning.console;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.provisioning.support.ScimIntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The administration pages: only with an admin key, forms need their CSRF token, strict
 * headers.
 */
class ConsoleSecurityTest extends ScimIntegrationTest {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private HttpResponse<String> get(String path, String cookies) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
		if (cookies != null) {
			request.header("Cookie", cookies);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String form, String cookies) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form));
		if (cookies != null) {
			request.header("Cookie", cookies);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** The login page's CSRF cookie and hidden token. */
	private String[] csrf() throws Exception {
		HttpResponse<String> login = get("/admin/login", null);
		String cookie = login.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((c) -> c.startsWith("XSRF-TOKEN="))
			.findFirst()
			.orElseThrow()
			.split(";")[0];
		Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(login.body());
		assertThat(token.find()).as(login.body()).isTrue();
		return new String[] { cookie, token.group(1) };
	}

	private String signIn(String key) throws Exception {
		String[] csrf = csrf();
		HttpResponse<String> response = post("/admin/login", "key=" + key + "&_csrf=" + csrf[1], csrf[0]);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
		return response.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((c) -> c.startsWith("console_session="))
			.findFirst()
			.orElseThrow()
			.split(";")[0] + "; " + csrf[0];
	}

	@Test
	void pagesNeedASignedInAdministrator() throws Exception {
		HttpResponse<String> anonymous = get("/admin", null);
		assertThat(anonymous.statusCode()).isEqualTo(302);
		assertThat(anonymous.headers().firstValue("Location").orElseThrow()).endsWith("/admin/login");
		assertThat(get("/admin/accounts/" + java.util.UUID.randomUUID(), "console_session=forged").statusCode())
			.isEqualTo(302);
		String session = signIn(ADMIN_KEY);
		HttpResponse<String> accounts = get("/admin", session);
		assertThat(accounts.statusCode()).isEqualTo(200);
		assertThat(accounts.body()).contains("Accounts");
		assertThat(session).contains("console_session=");
		java.util.UUID account = this.accounts.createAccount("csv-" + java.util.UUID.randomUUID());
		HttpResponse<String> csv = get("/admin/accounts/" + account + "/sync-log.csv?outcome=error", session);
		assertThat(csv.statusCode()).isEqualTo(200);
		assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
		assertThat(csv.body()).startsWith("id,at,source,request_id,");
		assertThat(get("/admin/accounts/" + account + "/sync-log.csv", null).statusCode()).isEqualTo(302);
		// The session cookie is not an admin key: the admin API refuses it.
		assertThat(get("/api/accounts", session).statusCode()).isEqualTo(401);
	}

	@Test
	void aWrongKeyIsRefusedWithoutASession() throws Exception {
		String[] csrf = csrf();
		HttpResponse<String> refused = post("/admin/login", "key=wrong&_csrf=" + csrf[1], csrf[0]);
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(refused.body()).contains("not a valid admin key");
		assertThat(refused.headers().allValues("Set-Cookie")).noneMatch((c) -> c.startsWith("console_session="));
	}

	@Test
	void formsWithoutTheirCsrfTokenAreRefused() throws Exception {
		String session = signIn(ADMIN_KEY);
		HttpResponse<String> forged = post("/admin/accounts", "name=forged-" + java.util.UUID.randomUUID(), session);
		assertThat(forged.statusCode()).isEqualTo(403);
		assertThat(
				this.jdbcTemplate.queryForObject("SELECT count(*) FROM account WHERE name LIKE 'forged-%'", Long.class))
			.isZero();
		assertThat(post("/admin/login", "key=" + ADMIN_KEY, null).statusCode()).isEqualTo(403);
	}

	@Test
	void pagesCarrySecurityHeaders() throws Exception {
		HttpResponse<String> page = get("/admin/login", null);
		assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'self'")
			.contains("frame-ancestors 'none'");
		assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
		assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
		assertThat(page.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((c) -> c.startsWith("XSRF-TOKEN"))
			.findFirst()
			.orElseThrow()).contains("SameSite=Strict");
	}

}
