package app.provisioning.support;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import app.provisioning.reconcile.graph.GraphClient;
import app.provisioning.reconcile.graph.GraphCredentials;
import app.provisioning.reconcile.graph.GraphException;
import app.provisioning.reconcile.graph.GraphProperties;
import app.provisioning.reconcile.graph.GraphTestClients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fake Graph behaves as the production client expects Microsoft to: driven through
 * the real MSAL4J token acquisition and {@link GraphClient} over HTTPS.
 */
class FakeGraphTest {

	private static final ObjectMapper MAPPER = new ObjectMapper();

	private static final String USER_SELECT = "$select=id,userPrincipalName,mail,accountEnabled,department";

	private static GraphTestClients clients;

	private static GraphClient graph;

	private FakeGraphTenant tenant;

	private FakeGraphApp app;

	@BeforeAll
	static void clients() {
		FakeGraph fake = FakeGraph.get();
		GraphProperties properties = new GraphProperties(URI.create(fake.authorityHost()), URI.create(fake.endpoint()),
				null, Duration.ofSeconds(5), Duration.ofSeconds(30), 3, Duration.ofSeconds(10), 999, fake.trustStore(),
				fake.trustStorePassword());
		clients = GraphTestClients.create(properties);
		graph = clients.client();
	}

	@AfterAll
	static void close() {
		clients.close();
	}

	@BeforeEach
	void tenant() {
		this.tenant = FakeGraph.get().newTenant();
		this.app = this.tenant.newApp("User.Read.All", "GroupMember.Read.All", "Application.Read.All");
	}

	@AfterEach
	void forget() {
		FakeGraph.get().remove(this.tenant);
	}

	@Test
	void issuesAppTokensShapedLikeEntras() throws Exception {
		String token = clients.tokens().token(credentials(), true);

		String[] parts = token.split("\\.");
		assertThat(parts).hasSize(3);
		assertThat(decode(parts[0]).path("alg").asText()).isEqualTo("RS256");
		JsonNode claims = decode(parts[1]);
		assertThat(claims.path("aud").asText()).isEqualTo("https://graph.microsoft.com");
		assertThat(claims.path("iss").asText()).isEqualTo("https://sts.windows.net/" + this.tenant.id() + "/");
		assertThat(claims.path("tid").asText()).isEqualTo(this.tenant.id());
		assertThat(claims.path("appid").asText()).isEqualTo(this.app.clientId());
		assertThat(texts(claims.path("roles"))).containsExactlyInAnyOrder("User.Read.All", "GroupMember.Read.All",
				"Application.Read.All");
		assertThat(claims.path("exp").asLong()).isGreaterThan(Instant.now().getEpochSecond());
		assertThat(this.tenant.requests("/oauth2/v2.0/token")).isEqualTo(1);
	}

	@Test
	void refusesSignInsAsTheIdentityPlatformDoes() {
		assertSignInFails(
				new GraphCredentials("00000000-0000-0000-0000-000000000001", this.app.clientId(), this.app.secret()),
				400, "AADSTS90002");
		assertSignInFails(
				new GraphCredentials(this.tenant.id(), "00000000-0000-0000-0000-000000000002", this.app.secret()), 400,
				"AADSTS700016");
		assertSignInFails(new GraphCredentials(this.tenant.id(), this.app.clientId(), "abc8Q~wrong"), 401,
				"AADSTS7000215");
		this.app.expireSecret();
		assertSignInFails(credentials(), 401, "AADSTS7000222");
	}

	@Test
	void pagesUsersWithNextLinks() {
		this.tenant.addUsers(2_500, (i) -> "user" + i + "@contoso.com");
		List<Integer> pages = new ArrayList<>();
		Set<String> ids = new HashSet<>();

		long read = graph.forEachPage(credentials(), "/users?" + USER_SELECT + "&$top=999", (page) -> {
			pages.add(page.size());
			page.forEach((user) -> assertThat(ids.add(user.path("id").asText())).isTrue());
		}).items();

		assertThat(read).isEqualTo(2_500);
		assertThat(pages).containsExactly(999, 999, 502);
		assertThat(ids).hasSize(2_500);
		assertThat(this.tenant.requests("/users")).isEqualTo(3);
	}

	@Test
	void returnsOnlySelectedPropertiesAndTheManager() {
		FakeGraphUser boss = this.tenant.addUser("boss@contoso.com");
		FakeGraphUser alice = this.tenant.addUser("alice@contoso.com")
			.set("department", "Sales")
			.set("jobTitle", "Engineer")
			.orgData("CC-1", "North")
			.manager(boss);

		JsonNode page = graph.get(credentials(), "/users?$select=userPrincipalName,department&$top=5");
		JsonNode first = page.path("value").get(0);
		assertThat(fieldNames(first)).containsExactly("id", "userPrincipalName", "department");
		assertThat(first.path("department").isNull()).isTrue();
		assertThat(page.path("@odata.context").asText())
			.endsWith("/v1.0/$metadata#users(userPrincipalName,department)");
		assertThat(page.has("@odata.nextLink")).isFalse();

		JsonNode one = graph.get(credentials(), "/users/alice@contoso.com?$select=id,department,employeeOrgData,"
				+ "businessPhones&$expand=manager($select=id)");
		assertThat(one.path("id").asText()).isEqualTo(alice.id());
		assertThat(one.path("department").asText()).isEqualTo("Sales");
		assertThat(one.path("employeeOrgData").path("costCenter").asText()).isEqualTo("CC-1");
		assertThat(one.path("businessPhones").isArray()).isTrue();
		assertThat(one.has("jobTitle")).isFalse();
		assertThat(fieldNames(one.path("manager"))).containsExactly("@odata.type", "id");
		assertThat(one.path("manager").path("id").asText()).isEqualTo(boss.id());

		assertThatThrownBy(() -> graph.get(credentials(), "/users?$select=id,favouriteColour"))
			.isInstanceOfSatisfying(GraphException.class, (ex) -> assertThat(ex.status()).isEqualTo(400));
		assertThatThrownBy(() -> graph.get(credentials(), "/users/nobody@contoso.com"))
			.isInstanceOfSatisfying(GraphException.class, (ex) -> {
				assertThat(ex.status()).isEqualTo(404);
				assertThat(ex.code()).isEqualTo("Request_ResourceNotFound");
			});
	}

	@Test
	void listsDeletedUsersRenamedAsEntraDoes() {
		FakeGraphUser bob = this.tenant.addUser("bob@contoso.com");
		FakeGraphUser carol = this.tenant.addUser("carol@contoso.com");
		this.tenant.delete(bob);
		this.tenant.delete(carol);
		this.tenant.purge(carol);
		List<JsonNode> deleted = new ArrayList<>();

		graph.forEachPage(credentials(),
				"/directory/deletedItems/microsoft.graph.user?$select=id,userPrincipalName,deletedDateTime&$top=999",
				(page) -> page.forEach(deleted::add));

		assertThat(deleted).hasSize(1);
		assertThat(deleted.get(0).path("id").asText()).isEqualTo(bob.id());
		assertThat(deleted.get(0).path("userPrincipalName").asText())
			.isEqualTo(bob.id().replace("-", "") + "bob@contoso.com");
		assertThat(Instant.parse(deleted.get(0).path("deletedDateTime").asText())).isBeforeOrEqualTo(Instant.now());
		assertThat(graph.get(credentials(), "/directory/deletedItems/" + bob.id()).path("@odata.type").asText())
			.isEqualTo("#microsoft.graph.user");
		assertThatThrownBy(() -> graph.get(credentials(), "/users/" + bob.id()))
			.isInstanceOfSatisfying(GraphException.class, (ex) -> assertThat(ex.status()).isEqualTo(404));
		assertThatThrownBy(() -> graph.get(credentials(), "/directory/deletedItems/" + carol.id()))
			.isInstanceOfSatisfying(GraphException.class, (ex) -> assertThat(ex.status()).isEqualTo(404));
	}

	@Test
	void listsTransitiveMembersThroughNestedGroups() {
		FakeGraphUser alice = this.tenant.addUser("alice@contoso.com");
		FakeGraphUser bob = this.tenant.addUser("bob@contoso.com");
		FakeGraphUser carol = this.tenant.addUser("carol@contoso.com");
		this.tenant.addUser("dave@contoso.com");
		FakeGraphGroup admins = this.tenant.addGroup("Asset Admins");
		FakeGraphGroup nested = this.tenant.addGroup("Asset Admins (EU)");
		admins.add(alice).add(nested);
		nested.add(bob, alice, carol).add(admins);
		this.tenant.delete(carol);
		String path = "/groups/" + admins.id()
				+ "/transitiveMembers/microsoft.graph.user?$select=id&$top=999&$count=true";

		JsonNode page = graph.get(credentials(), path);

		assertThat(page.path("@odata.count").asInt()).isEqualTo(2);
		assertThat(texts(page.path("value"), "id")).containsExactlyInAnyOrder(alice.id(), bob.id());
		assertThat(
				texts(graph
					.get(credentials(),
							"/groups?$top=10&$select=id,displayName&"
									+ "$filter=startswith(displayName,'asset%20admins%20(')")
					.path("value"), "displayName"))
			.containsExactly("Asset Admins (EU)");
		assertThatThrownBy(() -> graph.get(credentials(),
				"/groups/" + alice.id() + "/transitiveMembers/microsoft.graph.user?$select=id"))
			.isInstanceOfSatisfying(GraphException.class, (ex) -> {
				assertThat(ex.status()).isEqualTo(404);
				assertThat(ex.code()).isEqualTo("Request_ResourceNotFound");
			});
	}

	@Test
	void refusesWhatTheAppIsNotPermittedToRead() {
		FakeGraphApp usersOnly = this.tenant.newApp("User.Read.All");
		GraphCredentials credentials = new GraphCredentials(this.tenant.id(), usersOnly.clientId(), usersOnly.secret());

		assertThatThrownBy(() -> graph.get(credentials, "/groups?$top=1&$select=id"))
			.isInstanceOfSatisfying(GraphException.class, (ex) -> {
				assertThat(ex.status()).isEqualTo(403);
				assertThat(ex.code()).isEqualTo("Authorization_RequestDenied");
				assertThat(ex.getMessage()).isEqualTo("Insufficient privileges to complete the operation.");
			});
		assertThat(graph.get(credentials, "/users?$top=1&$select=id").path("value").isArray()).isTrue();
	}

	@Test
	void answersBatchesPartByPart() {
		FakeGraphApp noGroups = this.tenant.newApp("User.Read.All", "Application.Read.All");
		this.tenant.addUser("alice@contoso.com");
		ArrayNode requests = JsonNodeFactory.instance.arrayNode();
		request(requests, "users", "/users?$top=1&$select=id");
		request(requests, "groups", "/groups?$top=1&$select=id");
		request(requests, "application",
				"/applications(appId='" + noGroups.clientId() + "')?$select=id,appId,displayName,passwordCredentials");
		request(requests, "servicePrincipal", "/servicePrincipals/" + noGroups.objectId() + "?$select=id,appId");
		request(requests, "enterpriseApp",
				"/servicePrincipals/" + noGroups.servicePrincipalId() + "?$select=id,appId,displayName");

		JsonNode batch = graph.batch(new GraphCredentials(this.tenant.id(), noGroups.clientId(), noGroups.secret()),
				requests);

		Map<String, JsonNode> answers = new java.util.HashMap<>();
		batch.path("responses").forEach((answer) -> answers.put(answer.path("id").asText(), answer));
		assertThat(answers.get("users").path("status").asInt()).isEqualTo(200);
		assertThat(answers.get("users").path("body").path("value")).hasSize(1);
		assertThat(answers.get("groups").path("status").asInt()).isEqualTo(403);
		assertThat(answers.get("groups").path("body").path("error").path("code").asText())
			.isEqualTo("Authorization_RequestDenied");
		JsonNode application = answers.get("application");
		assertThat(application.path("status").asInt()).isEqualTo(200);
		assertThat(application.path("body").path("id").asText()).isEqualTo(noGroups.objectId());
		JsonNode secret = application.path("body").path("passwordCredentials").get(0);
		assertThat(secret.path("hint").asText()).isEqualTo(noGroups.secret().substring(0, 3));
		assertThat(secret.path("secretText").isNull()).isTrue();
		assertThat(Instant.parse(secret.path("endDateTime").asText())).isEqualTo(noGroups.secretEndsAt());
		// the app registration's object ID is not the enterprise app's
		assertThat(answers.get("servicePrincipal").path("status").asInt()).isEqualTo(404);
		assertThat(answers.get("servicePrincipal").path("body").path("error").path("code").asText())
			.isEqualTo("Request_ResourceNotFound");
		assertThat(answers.get("enterpriseApp").path("status").asInt()).isEqualTo(200);
		assertThat(answers.get("enterpriseApp").path("body").path("appId").asText()).isEqualTo(noGroups.clientId());
	}

	@Test
	void throttledRequestsAreRetriedAfterRetryAfter() {
		this.tenant.addUsers(1_500, (i) -> "user" + i + "@contoso.com");
		this.tenant.throttle("/users", 2, 1);

		long read = graph.forEachPage(credentials(), "/users?$select=id&$top=999", (page) -> {
		}).items();

		assertThat(read).isEqualTo(1_500);
		// two pages, plus the two answers that were 429
		assertThat(this.tenant.requests("/users")).isEqualTo(4);
	}

	@Test
	void anOutageLastsUntilCleared() {
		this.tenant.unavailable("/groups", true);

		assertThatThrownBy(() -> graph.get(credentials(), "/groups?$select=id"))
			.isInstanceOfSatisfying(GraphException.class, (ex) -> {
				assertThat(ex.status()).isEqualTo(503);
				assertThat(ex.code()).isEqualTo("serviceNotAvailable");
			});
		this.tenant.unavailable("/groups", false);
		assertThat(graph.get(credentials(), "/groups?$select=id").path("value").isArray()).isTrue();
	}

	@Test
	void listsTwentyThousandUsersQuickly() {
		this.tenant.addUsers(20_000, (i) -> "user" + i + "@contoso.com");

		long read = graph
			.forEachPage(credentials(), "/users?" + USER_SELECT + "&$expand=manager($select=id)&$top=999", (page) -> {
			})
			.items();

		assertThat(read).isEqualTo(20_000);
		assertThat(this.tenant.requests("/users")).isEqualTo(21);
	}

	@Test
	void keepsTenantsApartAndRefusesForeignTokens() throws Exception {
		FakeGraphTenant other = FakeGraph.get().newTenant();
		try {
			FakeGraphUser stranger = other.addUser("stranger@fabrikam.com");
			assertThatThrownBy(() -> graph.get(credentials(), "/users/" + stranger.id()))
				.isInstanceOfSatisfying(GraphException.class, (ex) -> assertThat(ex.status()).isEqualTo(404));
		}
		finally {
			FakeGraph.get().remove(other);
		}

		HttpResponse<String> anonymous = send(null);
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(MAPPER.readTree(anonymous.body()).path("error").path("code").asText())
			.isEqualTo("InvalidAuthenticationToken");
		String token = clients.tokens().token(credentials(), true);
		String forged = token.substring(0, token.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";
		assertThat(send(forged).statusCode()).isEqualTo(401);
		assertThat(send(token).statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> send(String token) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create(FakeGraph.get().endpoint() + "/v1.0/users?$top=1&$select=id"))
			.GET();
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return clients.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private GraphCredentials credentials() {
		return new GraphCredentials(this.tenant.id(), this.app.clientId(), this.app.secret());
	}

	private static void assertSignInFails(GraphCredentials credentials, int status, String code) {
		assertThatThrownBy(() -> clients.tokens().token(credentials, true)).isInstanceOfSatisfying(GraphException.class,
				(ex) -> {
					assertThat(ex.code()).isEqualTo(code);
					assertThat(ex.status()).isEqualTo(status);
				});
	}

	private static void request(ArrayNode requests, String id, String url) {
		requests.addObject().put("id", id).put("method", "GET").put("url", url);
	}

	private static JsonNode decode(String part) throws Exception {
		return MAPPER.readTree(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
	}

	private static List<String> texts(JsonNode array) {
		List<String> texts = new ArrayList<>();
		array.forEach((item) -> texts.add(item.asText()));
		return texts;
	}

	private static List<String> texts(JsonNode array, String property) {
		List<String> texts = new ArrayList<>();
		array.forEach((item) -> texts.add(item.path(property).asText()));
		return texts;
	}

	private static List<String> fieldNames(JsonNode node) {
		List<String> names = new ArrayList<>();
		node.fieldNames().forEachRemaining(names::add);
		return names;
	}

}
