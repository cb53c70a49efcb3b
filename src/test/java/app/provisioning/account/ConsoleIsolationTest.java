package app.provisioning.account;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.provisioning.console.ConsoleHttp;
import app.provisioning.platform.SecretCipher;
import app.provisioning.support.MappedRoutes;
import app.provisioning.support.MappedRoutes.Route;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every administration page and form of an account, taken from the running server, tried
 * by a member of another account (404, as for an account that does not exist) and every
 * form by a viewer of the account itself (403); nothing changes. Sessions are sealed as
 * the server seals them after a sign-in with Microsoft; forms carry a valid CSRF token,
 * so only the roles decide.
 */
class ConsoleIsolationTest extends ScimIntegrationTest {

	private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	private static final Pattern VARIABLE = Pattern.compile("\\{([^}/]+)}");

	private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

	@Autowired
	private ApplicationContext context;

	@Autowired
	private SecretCipher cipher;

	private List<Route> accountRoutes() {
		List<Route> routes = MappedRoutes.under(this.context, "/admin/accounts/{accountId}");
		assertThat(routes).as("the account pages and forms").hasSizeGreaterThan(25);
		return routes;
	}

	/** A member of an account of this tenant, signed in a moment ago. */
	private String memberSession(String tenantId, String objectId) {
		long now = Instant.now().toEpochMilli();
		String payload = "m|" + tenantId + "|" + objectId + "|-|" + now + "|" + now;
		return ConsoleSessions.COOKIE + "="
				+ Base64.getUrlEncoder()
					.withoutPadding()
					.encodeToString(this.cipher.encrypt(payload.getBytes(StandardCharsets.UTF_8)));
	}

	private UUID accountWithMember(String tenantId, String objectId, String role) {
		UUID account = newTenant().accountId();
		assertThat(admin().send("PATCH", "/accounts/" + account, "{\"entraTenantId\":\"" + tenantId + "\"}", JSON)
			.status()).isEqualTo(200);
		assertThat(admin()
			.send("POST", "/accounts/" + account + "/members",
					"{\"objectId\":\"" + objectId + "\",\"role\":\"" + role + "\"}", JSON)
			.status()).isEqualTo(201);
		return account;
	}

	private String state(UUID accountId) {
		StringBuilder state = new StringBuilder();
		for (String part : List.of("", "/scim-tokens", "/members", "/sign-in-rules", "/mappings", "/permission-levels",
				"/webhooks", "/api-keys")) {
			ScimResponse read = admin().get("/accounts/" + accountId + part);
			state.append(part)
				.append(' ')
				.append(read.rawBody().replaceAll("\"lastSignInAt\":(null|\"[^\"]*\")", ""))
				.append('\n');
		}
		return state.toString();
	}

	private HttpResponse<String> send(Route route, UUID accountId, String cookies, String csrf) throws Exception {
		Matcher variables = VARIABLE.matcher(route.pattern());
		StringBuilder path = new StringBuilder();
		while (variables.find()) {
			variables.appendReplacement(path,
					variables.group(1).equals("accountId") ? accountId.toString() : UUID.randomUUID().toString());
		}
		variables.appendTail(path);
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Cookie", cookies);
		if (route.method().equals("GET")) {
			request.GET();
		}
		else {
			request.header("Content-Type", "application/x-www-form-urlencoded")
				.method(route.method(),
						HttpRequest.BodyPublishers.ofString("_csrf=" + csrf + "&name=x&label=x&role=owner"
								+ "&person=x%40x.example&claim=appRole&value=x&user=x&url=https%3A%2F%2Fexample.com"));
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void aMemberOfAnotherAccountFindsNoneOfItsPagesNorForms() throws Exception {
		String victimTenant = UUID.randomUUID().toString();
		UUID victim = accountWithMember(victimTenant, UUID.randomUUID().toString(), "owner");
		String intruderTenant = UUID.randomUUID().toString();
		String intruder = UUID.randomUUID().toString();
		accountWithMember(intruderTenant, intruder, "owner");
		String[] csrf = new ConsoleHttp(this.port, null).csrf();
		String cookies = memberSession(intruderTenant, intruder) + "; " + csrf[0];
		String before = state(victim);
		List<String> wrong = new ArrayList<>();
		for (Route route : accountRoutes()) {
			HttpResponse<String> answer = send(route, victim, cookies, csrf[1]);
			if (answer.statusCode() != 404 || !answer.body().contains("Account " + victim + " not found")) {
				wrong.add(route + " answered " + answer.statusCode());
			}
		}
		assertThat(wrong).isEmpty();
		assertThat(state(victim)).isEqualTo(before);
	}

	@Test
	void aViewerTryingEveryFormOfItsAccountIsForbidden() throws Exception {
		String tenant = UUID.randomUUID().toString();
		String viewer = UUID.randomUUID().toString();
		UUID account = accountWithMember(tenant, viewer, "viewer");
		String[] csrf = new ConsoleHttp(this.port, null).csrf();
		String cookies = memberSession(tenant, viewer) + "; " + csrf[0];
		String before = state(account);
		List<String> wrong = new ArrayList<>();
		for (Route route : accountRoutes()) {
			if (route.method().equals("GET") || route.pattern().endsWith("/timeline")) {
				continue;
			}
			HttpResponse<String> answer = send(route, account, cookies, csrf[1]);
			if (answer.statusCode() != 403 || !answer.body().contains("role")) {
				wrong.add(route + " answered " + answer.statusCode());
			}
		}
		assertThat(wrong).isEmpty();
		assertThat(state(account)).isEqualTo(before);
	}

}
