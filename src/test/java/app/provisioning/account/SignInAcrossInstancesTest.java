package app.provisioning.account;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;

import app.provisioning.support.FakeMicrosoftLogin;
import app.provisioning.support.FakeMicrosoftLogin.Person;
import app.provisioning.support.FakeMicrosoftLogin.Spoil;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ServerInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign-in with Microsoft on more than one instance: begun on one and finished on another
 * (the state travels in the browser's encrypted cookie), the session then valid on both;
 * and an instance without an app registration offers admin keys only, saying how to add
 * Microsoft.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignInAcrossInstancesTest extends ScimIntegrationTest {

	private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	@Autowired
	private HikariDataSource dataSource;

	private ServerInstance withMicrosoft;

	private ServerInstance withoutMicrosoft;

	@BeforeAll
	void startInstances() {
		List<String> microsoft = new ArrayList<>();
		FakeMicrosoftLogin.get().springProperties().forEach((name, value) -> microsoft.add("--" + name + "=" + value));
		this.withMicrosoft = ServerInstance.beside(this.dataSource, microsoft.toArray(String[]::new));
		this.withoutMicrosoft = ServerInstance.beside(this.dataSource);
	}

	@AfterAll
	void stopInstances() {
		this.withMicrosoft.close();
		this.withoutMicrosoft.close();
	}

	private static HttpResponse<String> get(int port, String pathOrUrl, String cookies) throws Exception {
		return get(port, pathOrUrl, cookies, Map.of());
	}

	private static HttpResponse<String> get(int port, String pathOrUrl, String cookies, Map<String, String> headers)
			throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : "http://localhost:" + port + pathOrUrl));
		if (cookies != null) {
			request.header("Cookie", cookies);
		}
		headers.forEach(request::header);
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String cookie(HttpResponse<String> response, String name) {
		return response.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((c) -> c.startsWith(name + "="))
			.findFirst()
			.map((c) -> c.split(";")[0])
			.orElseThrow(() -> new AssertionError("no " + name + " cookie in " + response.headers()));
	}

	@Test
	void aSignInBegunOnOneInstanceFinishesOnAnother() throws Exception {
		String tenant = UUID.randomUUID().toString();
		UUID account = newTenant().accountId();
		Map<String, String> json = Map.of("Content-Type", "application/json");
		admin().send("PATCH", "/accounts/" + account, "{\"entraTenantId\":\"" + tenant + "\"}", json);
		Person person = Person.random(tenant);
		admin().send("POST", "/accounts/" + account + "/members",
				"{\"objectId\":\"" + person.objectId() + "\",\"role\":\"viewer\"}", json);

		HttpResponse<String> start = get(this.port, "/admin/login/oauth2/authorization/microsoft", null);
		String state = cookie(start, SignInRequestCookie.COOKIE);
		String callback = FakeMicrosoftLogin.get()
			.authorize(start.headers().firstValue("Location").orElseThrow(), person, Spoil.NONE)
			.replace("localhost:" + this.port, "localhost:" + this.withMicrosoft.port());
		// Both instances stand behind one address, as behind a load balancer: the proxy
		// says which.
		HttpResponse<String> back = get(this.withMicrosoft.port(), callback, state,
				Map.of("X-Forwarded-Host", "localhost:" + this.port, "X-Forwarded-Port", String.valueOf(this.port)));
		assertThat(back.headers().firstValue("Location").orElseThrow()).as(back.headers().toString())
			.endsWith("/admin");
		String session = cookie(back, ConsoleSessions.COOKIE);
		assertThat(get(this.withMicrosoft.port(), "/admin/accounts/" + account, session).statusCode()).isEqualTo(200);
		assertThat(get(this.port, "/admin/accounts/" + account, session).statusCode()).isEqualTo(200);
	}

	@Test
	void withoutAnAppRegistrationTheSignInPageOffersAdminKeysAndSaysHowToAddMicrosoft() throws Exception {
		HttpResponse<String> page = get(this.withoutMicrosoft.port(), "/admin/login", null);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).doesNotContain("Sign in with Microsoft")
			.contains("id=\"microsoft-off\"")
			.contains("MICROSOFT_SIGNIN_CLIENT_ID")
			.contains("id=\"key\"");
		HttpResponse<String> start = get(this.withoutMicrosoft.port(), "/admin/login/oauth2/authorization/microsoft",
				null);
		assertThat(start.headers().firstValue("Location").orElse("")).doesNotContain(FakeMicrosoftLogin.get().base());
	}

}
