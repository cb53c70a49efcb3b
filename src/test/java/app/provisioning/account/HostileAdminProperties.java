package app.provisioning.account;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.provisioning.support.MappedRoutes;
import app.provisioning.support.ScimPropertyTest;
import app.provisioning.support.ScimResponse;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.statistics.Statistics;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The administration API and pages held to the SCIM endpoint's bar for hostile input:
 * every route the server maps, with hostile ids, query parameters and bodies (and some
 * paths no route maps), by the operator and by an account API key. Never a 5xx, never a
 * framework's default error answer: the API answers RFC 9457 problems, the pages their
 * own HTML.
 */
class HostileAdminProperties extends ScimPropertyTest {

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	private static final Pattern VARIABLE = Pattern.compile("\\{([^}/]+)}");

	@Autowired
	private ApplicationContext context;

	private List<String[]> routes;

	private UUID accountId;

	private String accountKey;

	private String consoleCookies;

	@BeforeProperty
	void prepare() throws Exception {
		if (this.routes != null) {
			return;
		}
		this.routes = new ArrayList<>();
		for (MappedRoutes.Route route : MappedRoutes.under(this.context, "/")) {
			String pattern = route.pattern();
			if ((pattern.startsWith("/api/") || pattern.startsWith("/admin")) && !pattern.equals("/admin/logout")
					&& !pattern.equals("/admin/logout-everywhere")) {
				this.routes.add(new String[] { route.method(), pattern });
			}
		}
		this.accountId = newUnthrottledTenant().accountId();
		ScimResponse key = admin().send("POST", "/accounts/" + this.accountId + "/api-keys",
				"{\"role\":\"administrator\"}", Map.of("Content-Type", "application/json"));
		this.accountKey = key.body().get("key").asText();
		this.consoleCookies = new app.provisioning.console.ConsoleHttp(this.port, null).session(ADMIN_KEY);
	}

	@Property(tries = 400, afterFailure = AfterFailureMode.SAMPLE_FIRST)
	void anyRouteWithHostileInputIsAnsweredInTheSurfacesOwnLanguage(@ForAll("routeIndexes") int route,
			@ForAll("ids") String id, @ForAll("queries") String query, @ForAll("bodies") String body,
			@ForAll boolean asAccountKey) throws Exception {
		String[] chosen = this.routes.get(route % this.routes.size());
		String method = chosen[0];
		Matcher variables = VARIABLE.matcher(chosen[1]);
		StringBuilder path = new StringBuilder();
		while (variables.find()) {
			String name = variables.group(1);
			boolean account = name.equals("accountId") || name.equals("id");
			variables.appendReplacement(path, Matcher
				.quoteReplacement((account && !id.startsWith("!")) ? this.accountId.toString() : id.replace("!", "")));
		}
		variables.appendTail(path);
		send(method, path + query, body, asAccountKey);
	}

	@Property(tries = 150, afterFailure = AfterFailureMode.SAMPLE_FIRST)
	void pathsNoRouteMapsAreAnsweredInTheSurfacesOwnLanguage(@ForAll("surfaces") String surface,
			@ForAll("ids") String id, @ForAll("methods") String method, @ForAll boolean asAccountKey) throws Exception {
		String path = surface.replace("{id}", id.replace("!", "")).replace("{account}", this.accountId.toString());
		send(method, path, method.equals("GET") ? null : "{}", asAccountKey);
	}

	private void send(String method, String path, String body, boolean asAccountKey) throws Exception {
		boolean api = path.startsWith("/api");
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(30));
		if (api) {
			request.header("Authorization", "Bearer " + (asAccountKey ? this.accountKey : ADMIN_KEY));
			request.header("Content-Type", "application/json");
		}
		else {
			request.header("Cookie", this.consoleCookies);
			request.header("Content-Type", "application/x-www-form-urlencoded");
		}
		request.method(method, (body == null) ? HttpRequest.BodyPublishers.noBody()
				: HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
		HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
		String type = response.headers().firstValue("Content-Type").orElse("");
		String what = method + " " + path + " " + body + " → " + response.statusCode() + " " + type + " "
				+ response.body().substring(0, Math.min(300, response.body().length()));
		Statistics.collect(api ? "api" : "admin", response.statusCode() / 100 + "xx");
		assertThat(response.statusCode()).as(what).isLessThan(500);
		if (response.statusCode() >= 400) {
			if (api) {
				assertThat(type).as(what).startsWith("application/problem+json");
			}
			else {
				assertThat(type).as(what).startsWith("text/html");
				assertThat(response.body()).as(what).contains("Entra provisioning").doesNotContain("Whitelabel");
			}
		}
	}

	@Provide
	Arbitrary<Integer> routeIndexes() {
		return Arbitraries.integers().between(0, 10_000);
	}

	/** Ids: a "!" prefix puts the value in the account's place too. */
	@Provide
	Arbitrary<String> ids() {
		return Arbitraries.oneOf(Arbitraries.create(UUID::randomUUID).map(UUID::toString),
				Arbitraries.of("0", "-1", "null", "%00", "%5C", "%2e%2e", "..%2fx", "a%252e", "%20", "x%22y",
						"%F0%9F%92%A9", "'%20OR%201=1--", "00000000-0000-0000-0000-000000000000", "!%2e%2e",
						"!not-a-uuid", "!", "!00000000-0000-0000-0000-000000000000", "1-1-1-1-1", "!1-1-1-1-1",
						"x".repeat(300)),
				Arbitraries.strings().alpha().numeric().ofMaxLength(40));
	}

	@Provide
	Arbitrary<String> queries() {
		return Arbitraries.of("", "?limit=-1", "?limit=abc", "?limit=100000", "?before=x", "?before=-5",
				"?after=garbage", "?cursor=%00", "?cursor=" + "A".repeat(200), "?status=sideways",
				"?changedSince=yesterday", "?from=2026-13-45", "?full=maybe", "?startIndex=-3&count=x", "?user=%27",
				"?uniqueIdentifier=", "?types=nope", "?since=never", "?limit=1&limit=2");
	}

	@Provide
	Arbitrary<String> bodies() {
		return Arbitraries.oneOf(Arbitraries.of(null, "", "{", "[]", "null", "\"text\"", "42", "{}", "{\"name\":null}",
				"{\"name\":123,\"role\":[],\"expiresAt\":\"tomorrow\"}", "{\"url\":\"javascript:alert(1)\"}",
				"{\"fields\":\"x\",\"rank\":\"high\"}", "{\"schedule\":{\"kind\":\"sometimes\"}}",
				"{\"eventTypes\":[1,2],\"enabled\":\"yes\"}", "{\"role\":\"owner\",\"userPrincipalName\":\"%00\"}",
				"name=&role=&label=%00&url=x&person=", "{\"name\":\"" + "x".repeat(5000) + "\"}"),
				Arbitraries.strings().ofMaxLength(200));
	}

	@Provide
	Arbitrary<String> surfaces() {
		return Arbitraries.of("/api/{id}", "/api/accounts/{id}/nothing-here", "/api/accounts//sync-log",
				"/api/accounts/{account}//members", "/api/accounts/{account}/%2e%2e/x", "/admin/{id}",
				"/admin/accounts/{id}/nothing-here", "/admin/accounts//records", "/admin/accounts/{account}/%2e%2e",
				"/api/accounts/{account}/records/{id}", "/admin/accounts/{account}/members/{id}/role");
	}

	@Provide
	Arbitrary<String> methods() {
		return Arbitraries.of("GET", "POST", "PUT", "PATCH", "DELETE");
	}

}
