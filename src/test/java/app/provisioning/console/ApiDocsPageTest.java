package app.provisioning.console;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.provisioning.support.ScimIntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API documentation page: Swagger UI with both OpenAPI documents, for signed-in
 * administrators only, with the one relaxation of the page policy that Swagger UI needs.
 */
class ApiDocsPageTest extends ScimIntegrationTest {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private HttpResponse<String> get(String path, String cookies) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
		if (cookies != null) {
			request.header("Cookie", cookies);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** A console session cookie, from signing in on the login page like a browser. */
	private String signIn() throws Exception {
		HttpResponse<String> login = get("/admin/login", null);
		String csrfCookie = login.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((c) -> c.startsWith("XSRF-TOKEN="))
			.findFirst()
			.orElseThrow()
			.split(";")[0];
		Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(login.body());
		assertThat(token.find()).as(login.body()).isTrue();
		HttpResponse<String> signedIn = HTTP
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/admin/login"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.header("Cookie", csrfCookie)
				.POST(HttpRequest.BodyPublishers.ofString("key=" + ADMIN_KEY + "&_csrf=" + token.group(1)))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(302);
		return signedIn.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((c) -> c.startsWith("console_session="))
			.findFirst()
			.orElseThrow()
			.split(";")[0];
	}

	@Test
	void aSignedInAdministratorGetsSwaggerUiAndBothDocuments() throws Exception {
		String session = signIn();
		HttpResponse<String> page = get("/admin/api-docs", session);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
		assertThat(page.body()).contains("id=\"swagger-ui\"")
			.contains("/admin/api-docs/ui/swagger-ui-bundle.js")
			.contains("/admin/api-docs/admin.yaml")
			.contains("/admin/api-docs/scim.yaml");
		for (String document : new String[] { "admin.yaml", "scim.yaml" }) {
			HttpResponse<String> served = get("/admin/api-docs/" + document, session);
			assertThat(served.statusCode()).as(document).isEqualTo(200);
			assertThat(served.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/yaml");
			assertThat(served.body()).as("the file in openapi/ as it is")
				.isEqualTo(Files.readString(Path.of("openapi", document)));
		}
		HttpResponse<String> bundle = get("/admin/api-docs/ui/swagger-ui-bundle.js", session);
		assertThat(bundle.statusCode()).isEqualTo(200);
		assertThat(bundle.body()).contains("SwaggerUIBundle");
		assertThat(get("/admin/api-docs/ui/swagger-ui.css", session).statusCode()).isEqualTo(200);
		assertThat(get("/admin/assets/api-docs.js", null).statusCode()).isEqualTo(200);
	}

	@Test
	void anonymousVisitorsAreSentToSignIn() throws Exception {
		for (String path : new String[] { "/admin/api-docs", "/admin/api-docs/admin.yaml", "/admin/api-docs/scim.yaml",
				"/admin/api-docs/ui/swagger-ui-bundle.js" }) {
			HttpResponse<String> anonymous = get(path, null);
			assertThat(anonymous.statusCode()).as(path).isEqualTo(302);
			assertThat(anonymous.headers().firstValue("Location").orElseThrow()).as(path).endsWith("/admin/login");
		}
		assertThat(get("/admin/api-docs", "console_session=forged").statusCode()).isEqualTo(302);
		assertThat(get("/webjars/swagger-ui/swagger-ui-bundle.js", null).statusCode())
			.as("the webjar's own address stays closed")
			.isIn(401, 403, 404);
	}

	@Test
	void onlyTheDocumentationPageAllowsInlineStyles() throws Exception {
		String session = signIn();
		String docs = get("/admin/api-docs", session).headers().firstValue("Content-Security-Policy").orElseThrow();
		assertThat(docs).contains("default-src 'self'")
			.contains("style-src 'self' 'unsafe-inline'")
			.contains("frame-ancestors 'none'")
			.contains("object-src 'none'")
			.doesNotContain("script-src")
			.doesNotContain("unsafe-eval");
		for (String path : new String[] { "/admin", "/admin/login", "/admin/api-docs/admin.yaml" }) {
			String policy = get(path, session).headers().firstValue("Content-Security-Policy").orElseThrow();
			assertThat(policy).as(path).contains("default-src 'self'").doesNotContain("unsafe-inline");
		}
		HttpResponse<String> accounts = get("/admin", session);
		assertThat(accounts.body()).as("the navigation links to the documentation")
			.contains("href=\"/admin/api-docs\"");
	}

}
