package app.provisioning.account;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.provisioning.support.MappedRoutes;
import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every administration API route the server maps, tried with an account API key of
 * another account (404 for the account's routes, 403 for the operator's), and every write
 * of an account's routes tried with a viewer key of that very account (403). Routes come
 * from the running server, so a new route is covered the day it is added. Nothing may
 * change.
 */
class AccountKeyIsolationTest extends ScimIntegrationTest {

	private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

	private static final Pattern VARIABLE = Pattern.compile("\\{([^}/]+)}");

	/** Routes every authenticated caller may read. */
	private static final Set<String> OPEN_TO_MEMBERS = Set.of("GET /api/entra-attributes", "GET /api/accounts");

	@Autowired
	private ApplicationContext context;

	private record Route(String method, String pattern) {

		boolean ofAnAccount() {
			return this.pattern.startsWith("/api/accounts/{");
		}

		boolean read() {
			return this.method.equals("GET");
		}

	}

	private List<Route> routes() {
		List<Route> routes = MappedRoutes.under(this.context, "/api/")
			.stream()
			.map((route) -> new Route(route.method(), route.pattern()))
			.toList();
		assertThat(routes).as("the server's routes under /api").hasSizeGreaterThan(50);
		return routes;
	}

	/**
	 * The route with the account's id and the ids of its real things where the test made
	 * them.
	 */
	private static String path(Route route, UUID accountId, Map<String, String> ids) {
		Matcher variables = VARIABLE.matcher(route.pattern().substring("/api".length()));
		StringBuilder path = new StringBuilder();
		while (variables.find()) {
			String name = variables.group(1);
			String value = (name.equals("accountId") || name.equals("id")) ? accountId.toString()
					: ids.getOrDefault(name, UUID.randomUUID().toString());
			variables.appendReplacement(path, Matcher.quoteReplacement(value));
		}
		variables.appendTail(path);
		return path.toString();
	}

	/**
	 * What the account holds, as the operator reads it: must be the same after every
	 * refused request.
	 */
	private String state(UUID accountId) {
		StringBuilder state = new StringBuilder();
		for (String part : List.of("", "/scim-tokens", "/api-keys", "/members", "/mappings", "/permission-levels",
				"/webhooks", "/reconciliation", "/entra-connection")) {
			ScimResponse read = admin().get("/accounts/" + accountId + part);
			state.append(part)
				.append(' ')
				.append(read.status())
				.append(' ')
				.append(read.rawBody().replaceAll("\"lastUsedAt\":(null|\"[^\"]*\")", ""))
				.append('\n');
		}
		return state.toString();
	}

	private String key(UUID accountId, String role) {
		ScimResponse issued = admin().send("POST", "/accounts/" + accountId + "/api-keys",
				"{\"role\":\"" + role + "\"}", JSON);
		assertThat(issued.status()).as(issued.rawBody()).isEqualTo(201);
		return issued.body().get("key").asText();
	}

	@Test
	void anotherAccountsKeyFindsNothingAndTheOperatorsRoutesAreForbidden() {
		UUID victim = newTenant().accountId();
		Map<String, String> ids = Map.of("tokenId",
				admin().get("/accounts/" + victim + "/scim-tokens").body().get(0).get("id").asText(), "memberId",
				admin()
					.send("POST", "/accounts/" + victim + "/members",
							"{\"userPrincipalName\":\"owner@victim.example\",\"role\":\"owner\"}", JSON)
					.id(),
				"keyId", admin().send("POST", "/accounts/" + victim + "/api-keys", "{\"role\":\"viewer\"}", JSON).id());
		ScimClient intruder = admin().withToken(key(newTenant().accountId(), "administrator"));
		String before = state(victim);
		List<String> wrong = new ArrayList<>();
		for (Route route : routes()) {
			if (OPEN_TO_MEMBERS.contains(route.method() + " " + route.pattern())) {
				continue;
			}
			int expected = route.ofAnAccount() ? 404 : 403;
			ScimResponse answer = intruder.send(route.method(), path(route, victim, ids), route.read() ? null : "{}",
					JSON);
			boolean problem = answer.contentType() != null
					&& answer.contentType().startsWith("application/problem+json");
			if (answer.status() != expected || !problem) {
				wrong.add(route + " answered " + answer.status() + " " + answer.rawBody());
			}
		}
		assertThat(wrong).isEmpty();
		assertThat(state(victim)).isEqualTo(before);
		assertThat(intruder.get("/accounts").rawBody()).doesNotContain(victim.toString());
	}

	@Test
	void aViewerTryingEveryWriteOfItsAccountIsForbidden() {
		UUID account = newTenant().accountId();
		Map<String, String> ids = Map.of("tokenId",
				admin().get("/accounts/" + account + "/scim-tokens").body().get(0).get("id").asText(), "memberId",
				admin()
					.send("POST", "/accounts/" + account + "/members",
							"{\"userPrincipalName\":\"owner@viewer.example\",\"role\":\"owner\"}", JSON)
					.id());
		ScimClient viewer = admin().withToken(key(account, "viewer"));
		String before = state(account);
		List<String> wrong = new ArrayList<>();
		int tried = 0;
		for (Route route : routes()) {
			if (!route.ofAnAccount() || route.read()) {
				continue;
			}
			tried++;
			ScimResponse answer = viewer.send(route.method(), path(route, account, ids), "{}", JSON);
			if (answer.status() != 403) {
				wrong.add(route + " answered " + answer.status() + " " + answer.rawBody());
			}
		}
		assertThat(tried).as("writes under /api/accounts/{id}").isGreaterThan(30);
		assertThat(wrong).isEmpty();
		assertThat(state(account)).isEqualTo(before);
	}

}
