package app.provisioning.scim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Replays every request of the Entra request corpus ({@code entra-request-corpus.json}:
 * the requests Microsoft Entra ID and Microsoft's SCIM validators send, in their exact
 * form) against the running server, each in a fresh account.
 * <p>
 * The corpus gives each request's expected status, Content-Type and a JSON subset of the
 * response; {@link Replay#send()} checks those for every request. The scenarios below
 * create what a request needs first (through the API, as Entra would have), put real ids
 * in place of the corpus's ids, and turn the corpus's prose rules into assertions on the
 * response and on the state read back afterwards. Requests that expect 404 for an unknown
 * id keep the unknown id.
 */
class EntraCorpusTest extends ScimIntegrationTest {

	private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

	private static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

	/** Reads and writes the corpus bodies as they are (nulls kept, members in order). */
	private static final ObjectMapper CORPUS_JSON = new ObjectMapper();

	@TestFactory
	Stream<DynamicTest> corpusRequests() {
		JsonNode corpus = loadCorpus();
		Map<String, Scenario> scenarios = scenarios();
		List<String> corpusIds = elements(corpus).map((entry) -> entry.get("id").asText()).toList();
		assertThat(scenarios.keySet()).as("exactly one scenario per corpus request")
			.containsExactlyInAnyOrderElementsOf(corpusIds);
		return elements(corpus).map((entry) -> {
			String id = entry.get("id").asText();
			String name = id + " " + entry.get("name").asText();
			return dynamicTest(name, () -> {
				Replay replay = new Replay(entry, this::newTenant);
				try {
					scenarios.get(id).play(replay);
					assertThat(replay.sent).as("the scenario sends the corpus request").isPositive();
				}
				catch (AssertionError failure) {
					// Test reports may name dynamic tests by index only: say which
					// request failed.
					throw new AssertionError(name + ": " + failure.getMessage(), failure);
				}
			});
		});
	}

	/** What one corpus request needs before it is sent, and what must hold afterwards. */
	@FunctionalInterface
	interface Scenario {

		void play(Replay replay);

	}

	private static Map<String, Scenario> scenarios() {
		Map<String, Scenario> s = new LinkedHashMap<>();

		// Connection, discovery and matching queries

		s.put("C01", (r) -> {
			r.user("someone@contoso.com");
			r.send();
		});
		s.put("C02", (r) -> {
			String member = r.user("member@contoso.com");
			String group = r.group("displayName", member);
			r.group("Other displayName", member);
			JsonNode list = r.send().body();
			assertThat(list.get("totalResults").asInt()).isEqualTo(1);
			assertThat(list.get("Resources")).hasSize(1);
			JsonNode found = list.get("Resources").get(0);
			assertThat(found.get("id").asText()).isEqualTo(group);
			assertThat(found.get("displayName").asText()).isEqualTo("displayName");
			assertThat(found.has("members")).as("members excluded: %s", found).isFalse();
		});
		s.put("C03", (r) -> {
			JsonNode schemas = r.send().body();
			assertThat(elements(schemas.get("Resources")).map((schema) -> schema.get("id").asText())).contains(
					"urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:core:2.0:Group",
					ENTERPRISE);
			assertThat(nullsIn(schemas, "")).as("JSON nulls in /Schemas").isEmpty();
			elements(schemas.get("Resources"))
				.forEach((schema) -> assertAttributeDefinitions(schema.get("attributes"), schema.get("id").asText()));
		});
		s.put("C04", (r) -> {
			JsonNode config = r.send().body();
			assertThat(config.get("schemas").toString())
				.contains("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig");
			assertThat(config.at("/patch/supported").booleanValue()).isTrue();
			assertThat(config.at("/filter/supported").booleanValue()).isTrue();
			assertThat(config.get("authenticationSchemes").isArray()).isTrue();
			assertThat(config.get("authenticationSchemes")).isNotEmpty();
			elements(config.get("authenticationSchemes")).forEach((scheme) -> {
				assertThat(scheme.path("type").asText()).isNotBlank();
				assertThat(scheme.path("name").asText()).isNotBlank();
			});
		});
		s.put("C05", (r) -> {
			JsonNode types = r.send().body();
			JsonNode user = only(types.get("Resources"), "name", "User");
			assertThat(user.get("endpoint").asText()).isEqualTo("/Users");
			assertThat(user.get("schema").asText()).isEqualTo("urn:ietf:params:scim:schemas:core:2.0:User");
			assertThat(elements(user.get("schemaExtensions")).map((extension) -> extension.get("schema").asText()))
				.contains(ENTERPRISE);
			JsonNode group = only(types.get("Resources"), "name", "Group");
			assertThat(group.get("endpoint").asText()).isEqualTo("/Groups");
		});
		s.put("C06", (r) -> {
			r.user("someone@contoso.com");
			// The same userName in another account must not be visible here.
			ScimClient otherAccount = r.otherTenant();
			assertThat(otherAccount.post("/Users", userBody("Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee")).status())
				.isEqualTo(201);
			r.send();
		});
		s.put("C12", (r) -> {
			String john = r.userFrom("""
					{"userName":"john.wong@contoso.com","externalId":"johnwong"}""");
			r.userFrom("""
					{"userName":"jane.doe@contoso.com","externalId":"janedoe"}""");
			JsonNode list = r.send().body();
			assertThat(list.get("totalResults").asInt()).isEqualTo(1);
			assertThat(list.at("/Resources/0/id").asText()).isEqualTo(john);
			assertThat(list.at("/Resources/0/externalId").asText()).isEqualTo("johnwong");
		});
		s.put("C51", (r) -> {
			String joy = r.userFrom("""
					{"userName":"jyoung@contoso.com","externalId":"jyoung"}""");
			r.user("someone@contoso.com");
			ScimResponse response = r.send();
			if (response.status() == 200) {
				assertThat(response.body().get("totalResults").asInt()).isEqualTo(1);
				assertThat(response.body().at("/Resources/0/id").asText()).isEqualTo(joy);
			}
			else {
				assertThat(response.body().get("schemas").toString()).contains(ERROR);
				assertThat(response.body().get("scimType").asText()).isEqualTo("invalidFilter");
			}
		});
		s.put("C52", (r) -> {
			String user = r.user("report@contoso.com");
			String manager = r.user("boss@contoso.com");
			r.setManager(user, manager);
			r.use("54D382A4-2050-4C03-94D1-E769F1D15682", user).use("2819c223-7f76-453a-919d-413861904646", manager);
			JsonNode list = r.send().body();
			assertThat(list.get("totalResults").asInt()).isBetween(0, 1);
			elements(list.get("Resources")).forEach((resource) -> {
				assertThat(resource.get("id").asText()).isEqualTo(user);
				Set<String> names = fieldNames(resource);
				names.remove("schemas");
				assertThat(names).as("attributes=id returns the id only: %s", resource).containsExactly("id");
			});
		});
		s.put("C53", (r) -> {
			ScimResponse response = r.send();
			assertThat(response.header("WWW-Authenticate")).startsWithIgnoringCase("Bearer");
			assertThat(response.body().get("schemas").toString()).contains(ERROR);
			assertThat(response.body().get("status").asText()).isEqualTo("401");
			ScimResponse wrongToken = r.scim()
				.send("GET", r.path(), null, Map.of("Authorization", "Bearer not-a-token-we-issued"));
			assertThat(wrongToken.status()).isEqualTo(401);
			assertThat(wrongToken.contentType()).startsWith("application/scim+json");
		});

		// Creating and reading users

		s.put("C07", (r) -> {
			ScimResponse created = r.send();
			JsonNode user = created.body();
			String id = user.path("id").asText();
			assertThat(id).isNotBlank().isNotEqualTo(r.body().get("externalId").asText());
			assertThat(user.get("userName").asText()).isEqualTo(r.body().get("userName").asText());
			assertThat(user.at("/meta/resourceType").asText()).isEqualTo("User");
			assertThat(OffsetDateTime.parse(user.at("/meta/created").asText())).isNotNull();
			assertThat(OffsetDateTime.parse(user.at("/meta/lastModified").asText())).isNotNull();
			assertThat(created.header("Location")).isEqualTo(user.at("/meta/location").asText())
				.endsWith("/Users/" + id);
			JsonNode read = r.read("/Users/" + id);
			assertThat(read.get("active").booleanValue()).isTrue();
			assertThat(read.at("/emails/0/value").asText()).isEqualTo(r.body().at("/emails/0/value").asText());
			assertJsonSubset(read.get("name"), r.body().get("name"), "name");
			assertThat(r.search("/Users", "userName eq \"" + r.body().get("userName").asText() + "\"")
				.get("totalResults")
				.asInt()).isEqualTo(1);
		});
		s.put("C08", (r) -> {
			JsonNode created = r.send().body();
			JsonNode read = r.read("/Users/" + created.get("id").asText());
			for (JsonNode user : List.of(created, read)) {
				assertThat(user.get("userName").asText()).isEqualTo("jyoung@testuser.com");
				assertThat(user.get("displayName").asText()).isEqualTo("Joy Young");
				assertThat(user.at("/name/givenName").asText()).isEqualTo("Joy");
				assertThat(user.at("/emails/0/value").asText()).isEqualTo("jyoung@Contoso.com");
				for (String absent : List.of("addresses", "phoneNumbers", "preferredLanguage", "title", "department",
						"manager")) {
					assertThat(user.has(absent)).as("%s sent as null is absent: %s", absent, user).isFalse();
				}
				assertThat(user.get("schemas").toString()).doesNotContain("enterprise:2.0User");
			}
		});
		s.put("C09", (r) -> {
			JsonNode created = r.send().body();
			JsonNode read = r.read("/Users/" + created.get("id").asText());
			ObjectNode sent = r.body().deepCopy();
			sent.remove(List.of("schemas", "meta", "roles"));
			assertJsonSubset(read, sent, "GET /Users/{id}");
			for (String multiValued : List.of("emails", "phoneNumbers", "addresses")) {
				List<String> types = elements(read.get(multiValued)).map((element) -> element.get("type").asText())
					.toList();
				assertThat(types).as(multiValued + " types").doesNotHaveDuplicates();
			}
		});
		s.put("C10", (r) -> {
			String id = r.userFrom("""
					{"userName":"disabled@contoso.com","active":false}""");
			r.use("5d48a0a8e9f04aa38008", id);
			JsonNode user = r.send().body();
			assertThat(user.get("id").asText()).isEqualTo(id);
			assertThat(user.get("userName").asText()).isEqualTo("disabled@contoso.com");
			assertThat(user.get("active").isBoolean()).as("active present even if false: %s", user).isTrue();
			assertThat(user.get("active").booleanValue()).isFalse();
		});
		s.put("C11", (r) -> {
			r.user("someone@contoso.com");
			r.send();
		});
		s.put("C33", (r) -> {
			JsonNode created = r.send().body();
			JsonNode roles = r.read("/Users/" + created.get("id").asText()).get("roles");
			assertThat(roles).hasSize(1);
			assertThat(roles.get(0).get("value").asText()).isEqualTo("Admin");
			assertThat(roles.get(0).get("type").asText()).isEqualTo("WindowsAzureActiveDirectoryRole");
			assertThat(roles.get(0).get("primary").booleanValue()).isTrue();
		});
		s.put("C50", (r) -> {
			String original = r.userFrom("""
					{"userName":"Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee","displayName":"Original"}""");
			r.send();
			JsonNode matches = r.search("/Users", "userName eq \"Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee\"");
			assertThat(matches.get("totalResults").asInt()).isEqualTo(1);
			assertThat(matches.at("/Resources/0/id").asText()).isEqualTo(original);
			assertThat(matches.at("/Resources/0/displayName").asText()).isEqualTo("Original");
		});

		// Updating users

		s.put("C13", (r) -> {
			String id = r.userFrom("""
					{"userName":"mails@contoso.com","name":{"givenName":"Given","familyName":"Family"},
					 "emails":[{"type":"work","value":"old@contoso.com","primary":true},
					           {"type":"home","value":"me@home.example"}]}""");
			r.use("6764549bef60420686bc", id).send();
			JsonNode user = r.read("/Users/" + id);
			assertThat(user.get("emails")).hasSize(2);
			JsonNode work = only(user.get("emails"), "type", "work");
			assertThat(work.get("value").asText()).isEqualTo("updatedEmail@microsoft.com");
			assertThat(work.get("primary").booleanValue()).isTrue();
			assertThat(only(user.get("emails"), "type", "home").get("value").asText()).isEqualTo("me@home.example");
			assertThat(user.at("/name/familyName").asText()).isEqualTo("updatedFamilyName");
			assertThat(user.at("/name/givenName").asText()).isEqualTo("Given");

			String noWorkMail = r.userFrom("""
					{"userName":"home-only@contoso.com","emails":[{"type":"home","value":"me@home.example"}]}""");
			r.use("6764549bef60420686bc", noWorkMail).send();
			JsonNode created = r.read("/Users/" + noWorkMail);
			assertThat(created.get("emails")).hasSize(2);
			assertThat(only(created.get("emails"), "type", "work").get("value").asText())
				.isEqualTo("updatedEmail@microsoft.com");
			assertThat(only(created.get("emails"), "type", "home").get("value").asText()).isEqualTo("me@home.example");
		});
		s.put("C14", (r) -> {
			String newName = r.body().at("/Operations/0/value").asText();
			String id = r.user("before@contoso.com");
			r.use("5171a35d82074e068ce2", id).send();
			JsonNode user = r.read("/Users/" + id);
			assertThat(user.get("id").asText()).isEqualTo(id);
			assertThat(user.get("userName").asText()).isEqualTo(newName);
			assertThat(r.search("/Users", "userName eq \"" + newName + "\"").at("/Resources/0/id").asText())
				.isEqualTo(id);
			assertThat(r.search("/Users", "userName eq \"before@contoso.com\"").get("totalResults").asInt()).isZero();

			String other = r.user("other@contoso.com");
			ScimResponse conflict = r.use("5171a35d82074e068ce2", other).send(409);
			assertThat(conflict.body().get("scimType").asText()).isEqualTo("uniqueness");
			assertThat(r.read("/Users/" + other).get("userName").asText()).isEqualTo("other@contoso.com");
		});
		s.put("C15", (r) -> {
			String id = r.userFrom(
					"""
							{"userName":"AdeleV@contoso.com","emails":[{"type":"work","value":"AdeleV@contoso.com","primary":true}],
							 "addresses":[{"type":"work","locality":"Bellevue"}],
							 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"E12345"}}""");
			r.use("21", id).send();
			JsonNode user = r.read("/Users/" + id);
			assertThat(only(user.get("emails"), "type", "work").get("value").asText())
				.isEqualTo("AdeleV2@REDACTED.onmicrosoft.com");
			assertThat(user.get("addresses")).hasSize(1);
			assertThat(user.at("/addresses/0/formatted").asText()).isEqualTo("18/2111");
			assertThat(user.at("/addresses/0/locality").asText()).isEqualTo("Bellevue");
			assertThat(user.get(ENTERPRISE).get("department").asText()).isEqualTo("Retail");
			assertThat(user.get(ENTERPRISE).get("employeeNumber").asText()).isEqualTo("E12345");
		});
		s.put("C16", (r) -> {
			String id = r.userFrom(
					"""
							{"userName":"many@contoso.com","externalId":"old-external","displayName":"Old",
							 "name":{"givenName":"OldGiven","familyName":"OldFamily"},
							 "emails":[{"type":"work","value":"old@contoso.com","primary":true}],
							 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"1","department":"Sales"}}""");
			r.use("{id}", id).send();
			JsonNode user = r.read("/Users/" + id);
			assertThat(user.get("displayName").asText()).isEqualTo("Pvlo");
			assertThat(only(user.get("emails"), "type", "work").get("value").asText())
				.isEqualTo("TestBcwqnm@test.microsoft.com");
			assertThat(user.at("/name/givenName").asText()).isEqualTo("Gtfd");
			assertThat(user.at("/name/familyName").asText()).isEqualTo("Pkqf");
			assertThat(user.get("externalId").asText()).isEqualTo("Eqpj");
			assertThat(user.get(ENTERPRISE).get("employeeNumber").asText()).isEqualTo("Eqpj");
			assertThat(user.get(ENTERPRISE).get("department").asText()).isEqualTo("Sales");
			assertThat(user.get("userName").asText()).isEqualTo("many@contoso.com");
		});
		s.put("C17", (r) -> {
			String id = r.userFrom("""
					{"userName":"flagged@contoso.com","displayName":"Old","name":{"givenName":"A","familyName":"B"},
					 "emails":[{"type":"work","value":"old@contoso.com","primary":true}]}""");
			r.use("{id}", id).send();
			JsonNode user = r.read("/Users/" + id);
			assertThat(only(user.get("emails"), "type", "work").get("value").asText())
				.isEqualTo("TestMhvaes@test.microsoft.com");
			assertThat(user.get("displayName").asText()).isEqualTo("Bjfe");
			assertThat(user.at("/name/givenName").asText()).isEqualTo("Kkom");
			assertThat(user.at("/name/familyName").asText()).isEqualTo("Unua");
			assertThat(user.has("name.givenName")).isFalse();
			assertThat(user.has("name.familyName")).isFalse();
			assertThat(user.get(ENTERPRISE).get("employeeNumber").asText()).isEqualTo("Aklq");
			assertThat(user.get("schemas").toString()).contains(ENTERPRISE);
		});
		s.put("C18", (r) -> {
			String id = r.user("nick@contoso.com");
			r.use("{id}", id).send();
			assertThat(r.read("/Users/" + id).get("nickName").asText()).isEqualTo("Babs");
		});
		s.put("C19", (r) -> {
			String id = r.userFrom("""
					{"userName":"nick@contoso.com","nickName":"Barbara"}""");
			r.use("{id}", id).send();
			assertThat(r.read("/Users/" + id).get("nickName").asText()).isEqualTo("Babs");
		});
		s.put("C20", (r) -> {
			String id = r.user("nameless@contoso.com");
			r.use("{id}", id).send();
			assertThat(r.read("/Users/" + id).get("name")).isEqualTo(
					ScimClient.json("{\"givenName\":\"John\",\"familyName\":\"Doe\",\"formatted\":\"John Doe\"}"));
		});
		s.put("C21", (r) -> {
			String id = r.userFrom("""
					{"userName":"address@contoso.com","addresses":[{"type":"home","locality":"Home Town"}]}""");
			r.use("{id}", id).send();
			JsonNode addresses = r.read("/Users/" + id).get("addresses");
			assertThat(addresses).hasSize(2);
			JsonNode work = only(addresses, "type", "work");
			assertThat(work.get("formatted").asText()).isEqualTo("USZLTUSJXBYV");
			assertThat(work.get("locality").asText()).isEqualTo("OSGODHEVDCVD");
			assertThat(work.get("region").asText()).isEqualTo("YMVMOEMXAYGD");
			assertThat(only(addresses, "type", "home").get("locality").asText()).isEqualTo("Home Town");
		});
		s.put("C22", (r) -> {
			String id = r.userFrom("""
					{"userName":"before@example.com","displayName":"Before",
					 "name":{"givenName":"Test","familyName":"Before","formatted":"Test Before"},
					 "emails":[{"type":"work","value":"before@example.com","primary":true}]}""");
			r.use("{id}", id).send();
			JsonNode user = r.read("/Users/" + id);
			assertThat(user.get("displayName").asText()).isEqualTo("Test 01");
			assertThat(user.get("userName").asText()).isEqualTo("test01@example.com");
			assertThat(only(user.get("emails"), "type", "work").get("value").asText()).isEqualTo("test01@example.com");
			assertThat(user.at("/name/familyName").asText()).isEqualTo("Tesst 01");
			assertThat(user.at("/name/formatted").asText()).isEqualTo("Test 01");
			assertThat(user.at("/name/givenName").asText()).isEqualTo("Test");
			assertThat(r.search("/Users", "userName eq \"test01@example.com\"").at("/Resources/0/id").asText())
				.isEqualTo(id);
		});
		s.put("C36", (r) -> {
			String id = r.userFrom(populatedForClearing("clear-empty@contoso.com"));
			r.use("{id}", id).send();
			JsonNode user = r.read("/Users/" + id);
			assertCleared(user);
			assertThat(elements(user.path("emails")).filter((email) -> "work".equals(email.path("type").asText()))
				.map((email) -> email.path("value").asText(""))).as("work email values").allMatch(String::isEmpty);
			assertThat(only(user.get("emails"), "type", "home").get("value").asText()).isEqualTo("me@home.example");
			assertThat(user.at("/name/familyName").asText()).isEqualTo("Family");
		});
		s.put("C37", (r) -> {
			String populated = r.userFrom(populatedForClearing("clear-null@contoso.com"));
			r.use("{id}", populated).send();
			JsonNode user = r.read("/Users/" + populated);
			assertCleared(user);
			assertThat(user.at("/name/familyName").asText()).isEqualTo("Family");
			assertThat(only(user.get("emails"), "type", "work").get("value").asText()).isEqualTo("work@contoso.com");

			// Phase 2 follows phase 1: the attributes are already empty and must stay so.
			String alreadyEmpty = r.user("already-empty@contoso.com");
			r.use("{id}", alreadyEmpty).send();
			assertCleared(r.read("/Users/" + alreadyEmpty));
		});

		// Disabling and re-enabling users

		s.put("C23", (r) -> {
			String id = r.user("disable-me@contoso.com");
			r.use("5171a35d82074e068ce2", id).send();
			assertInactiveButVisible(r, id, "disable-me@contoso.com");
		});
		s.put("C24", (r) -> {
			String id = r.user("disable-me@contoso.com");
			r.use("5171a35d82074e068ce2", id).send();
			assertInactiveButVisible(r, id, "disable-me@contoso.com");
		});
		s.put("C25", (r) -> {
			String id = r.user("disable-me@contoso.com");
			r.use("2", id).send();
			assertInactiveButVisible(r, id, "disable-me@contoso.com");
		});
		s.put("C26", (r) -> {
			String id = r.userFrom("""
					{"userName":"restore-me@contoso.com","active":false}""");
			r.use("{id}", id).send();
			JsonNode active = r.read("/Users/" + id).get("active");
			assertThat(active.isBoolean()).isTrue();
			assertThat(active.booleanValue()).isTrue();
		});

		// Manager

		s.put("C27", (r) -> {
			String id = r.user("report@contoso.com");
			String manager = r.user("boss@contoso.com");
			r.use("a0a0a0a0-bbbb-cccc-dddd-e1e1e1e1e1e1", id)
				.use("00aa00aa-bb11-cc22-dd33-44ee44ee44ee", manager)
				.send();
			assertThat(managerOf(r.read("/Users/" + id)).get("value").asText()).isEqualTo(manager);
		});
		s.put("C28", (r) -> {
			String id = r.user("report@contoso.com");
			String manager = r.user("boss@contoso.com");
			r.use("{id}", id).use("271", manager).send();
			assertThat(managerOf(r.read("/Users/" + id)).get("value").asText()).isEqualTo(manager);
		});
		s.put("C29", (r) -> {
			String id = r.user("report@contoso.com");
			String first = r.user("first-boss@contoso.com");
			String second = r.user("second-boss@contoso.com");
			r.setManager(id, first);
			r.use("{id}", id).use("<secondManagerId>", second).send();
			assertThat(managerOf(r.read("/Users/" + id)).get("value").asText()).isEqualTo(second);
		});
		s.put("C30", (r) -> {
			String id = r.userFrom(withDepartment("report@contoso.com"));
			r.setManager(id, r.user("boss@contoso.com"));
			r.use("{id}", id).send();
			assertManagerCleared(r.read("/Users/" + id));
		});
		s.put("C31", (r) -> {
			String id = r.userFrom(withDepartment("report@contoso.com"));
			String manager = r.user("boss@contoso.com");
			r.setManager(id, manager);
			r.use("{id}", id).use("manager-id", manager).send();
			assertManagerCleared(r.read("/Users/" + id));
		});
		s.put("C32", (r) -> {
			String id = r.user("report@contoso.com");
			String manager = r.user("boss@contoso.com");
			r.use("{id}", id).use("26118915-6090-4610-87e4-49d8ca9f808d", manager).send();
			assertThat(managerOf(r.read("/Users/" + id)).get("value").asText()).isEqualTo(manager);
		});

		// Roles

		s.put("C34", (r) -> {
			String id = r.userFrom("""
					{"userName":"roles@contoso.com","roles":[{"value":"Reader"}]}""");
			r.use("{id}", id).send();
			List<String> values = elements(r.read("/Users/" + id).get("roles"))
				.map((role) -> role.get("value").asText())
				.toList();
			// Stored exactly as sent: the JSON documents stay strings.
			assertThat(values).containsExactlyInAnyOrder("Reader", r.body().at("/Operations/0/value/0/value").asText(),
					r.body().at("/Operations/0/value/1/value").asText());
		});
		s.put("C35", (r) -> {
			String id = r.userFrom("""
					{"userName":"roles@contoso.com",
					 "roles":[{"primary":true,"type":"WindowsAzureActiveDirectoryRole","value":"Admin"}]}""");
			r.use("{id}", id).send();
			JsonNode roles = r.read("/Users/" + id).get("roles");
			assertThat(elements(roles).map((role) -> role.get("value").asText())).containsExactlyInAnyOrder("User",
					"Test");
			assertThat(only(roles, "value", "Test").get("display").asText()).isEqualTo("Test");
			assertThat(only(roles, "value", "User").get("type").asText()).isEqualTo("WindowsAzureActiveDirectoryRole");
		});

		// Deleting users

		s.put("C38", (r) -> {
			String id = r.user("leaver@contoso.com");
			String stays = r.user("stays@contoso.com");
			ScimResponse deleted = r.use("5171a35d82074e068ce2", id).send();
			assertThat(deleted.rawBody()).isNullOrEmpty();
			assertThat(r.scim().get("/Users/" + id).status()).isEqualTo(404);
			assertThat(r.search("/Users", "userName eq \"leaver@contoso.com\"").get("totalResults").asInt()).isZero();
			assertThat(r.read("/Users/" + stays).get("userName").asText()).isEqualTo("stays@contoso.com");
			// RFC 7644 §3.6: a deleted resource takes no part in conflict calculation, so
			// Entra can provision the same userName again.
			assertThat(r.user("leaver@contoso.com")).isNotEqualTo(id);
		});

		// Groups

		s.put("C39", (r) -> {
			ScimResponse created = r.send();
			JsonNode group = created.body();
			String id = group.path("id").asText();
			assertThat(id).isNotBlank().isNotEqualTo(r.body().get("externalId").asText());
			assertThat(group.get("displayName").asText()).isEqualTo("displayName");
			assertThat(group.get("schemas").toString()).contains("urn:ietf:params:scim:schemas:core:2.0:Group")
				.doesNotContain("schemas.microsoft.com");
			JsonNode read = r.read("/Groups/" + id);
			assertThat(read.get("displayName").asText()).isEqualTo("displayName");
			assertThat(read.get("externalId").asText()).isEqualTo("8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159");
			assertThat(memberIds(read)).isEmpty();
		});
		s.put("C40", (r) -> {
			String member = r.user("member@contoso.com");
			String group = r.group("Sales", member);
			JsonNode read = r.use("40734ae655284ad3abcc", group).send().body();
			assertThat(read.get("id").asText()).isEqualTo(group);
			assertThat(read.get("displayName").asText()).isEqualTo("Sales");
			assertThat(read.has("members")).as("members excluded: %s", read).isFalse();
			assertThat(memberIds(r.read("/Groups/" + group))).containsExactly(member);
		});
		s.put("C41", (r) -> {
			String newName = r.body().at("/Operations/0/value").asText();
			String member = r.user("member@contoso.com");
			String group = r.group("Before", member);
			r.use("fa2ce26709934589afc5", group).send();
			JsonNode read = r.read("/Groups/" + group);
			assertThat(read.get("displayName").asText()).isEqualTo(newName);
			assertThat(memberIds(read)).containsExactly(member);
			assertThat(r.search("/Groups", "displayName eq \"" + newName + "\"").at("/Resources/0/id").asText())
				.isEqualTo(group);
		});
		s.put("C42", (r) -> {
			String member = r.user("member@contoso.com");
			String group = r.group("Sales");
			r.use("a99962b9f99d4c4fac67", group).use("f648f8d5ea4e4cd38e9c", member);
			r.send();
			assertThat(memberIds(r.read("/Groups/" + group))).containsExactly(member);
			r.send();
			assertThat(memberIds(r.read("/Groups/" + group))).as("adding an existing member again")
				.containsExactly(member);
		});
		s.put("C43", (r) -> {
			String one = r.user("one@contoso.com");
			String two = r.user("two@contoso.com");
			String three = r.user("three@contoso.com");
			String group = r.group("Sales");
			r.use("{gid}", group).use("<userId1>", one).use("<userId2>", two).use("<userId3>", three).send();
			assertThat(memberIds(r.read("/Groups/" + group))).containsExactlyInAnyOrder(one, two, three);
		});
		s.put("C44", (r) -> assertOnlyListedMemberRemoved(r, "2752513", "2392066"));
		s.put("C45", (r) -> assertOnlyListedMemberRemoved(r, "a99962b9f99d4c4fac67", "f648f8d5ea4e4cd38e9c"));
		s.put("C46", (r) -> assertOnlyListedMemberRemoved(r, "{gid}", "7f4bc1a3-285e-48ae-8202-5accb43efb0e"));
		s.put("C47", (r) -> {
			String member = r.user("member@contoso.com");
			String group = r.group("Doomed", member);
			ScimResponse deleted = r.use("cdb1ce18f65944079d37", group).send();
			assertThat(deleted.rawBody()).isNullOrEmpty();
			assertThat(r.scim().get("/Groups/" + group).status()).isEqualTo(404);
			assertThat(r.search("/Groups", "displayName eq \"Doomed\"").get("totalResults").asInt()).isZero();
			assertThat(r.read("/Users/" + member).get("userName").asText()).isEqualTo("member@contoso.com");
			// RFC 7644 §3.6: the deleted group's name is free again.
			assertThat(r.group("Doomed")).isNotEqualTo(group);
		});

		// Paging

		s.put("C48", (r) -> {
			r.users(7);
			JsonNode page = r.send().body();
			assertThat(page.get("Resources")).hasSize(5);
			assertThat(page.get("totalResults").asInt()).isEqualTo(7);
			assertThat(page.get("itemsPerPage").asInt()).isEqualTo(page.get("Resources").size());
		});
		s.put("C49", (r) -> {
			List<String> all = r.users(7);
			JsonNode first = r.read("/Users?startIndex=1&count=5");
			JsonNode second = r.send().body();
			assertThat(second.get("Resources")).hasSize(2);
			assertThat(second.get("totalResults").asInt()).isEqualTo(7);
			assertThat(second.get("itemsPerPage").asInt()).isEqualTo(2);
			List<String> seen = new ArrayList<>();
			Stream.of(first, second)
				.flatMap((page) -> elements(page.get("Resources")))
				.forEach((user) -> seen.add(user.get("id").asText()));
			assertThat(seen).as("pages 1 and 2 together").containsExactlyInAnyOrderElementsOf(all);
		});
		return s;
	}

	private static String populatedForClearing(String userName) {
		return """
				{"userName":"%s","title":"Boss","name":{"givenName":"Given","familyName":"Family"},
				 "emails":[{"type":"work","value":"work@contoso.com","primary":true},{"type":"home","value":"me@home.example"}],
				 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Retail"}}"""
			.formatted(userName);
	}

	private static String withDepartment(String userName) {
		return """
				{"userName":"%s","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Retail"}}"""
			.formatted(userName);
	}

	/** title, name.givenName and the enterprise department are absent, null or "". */
	private static void assertCleared(JsonNode user) {
		assertThat(emptyOrAbsent(user.get("title"))).as("title: %s", user).isTrue();
		assertThat(emptyOrAbsent(user.path("name").get("givenName"))).as("name.givenName: %s", user).isTrue();
		assertThat(emptyOrAbsent(user.path(ENTERPRISE).get("department"))).as("department: %s", user).isTrue();
	}

	private static void assertInactiveButVisible(Replay r, String id, String userName) {
		JsonNode active = r.read("/Users/" + id).get("active");
		assertThat(active.isBoolean()).as("active is a JSON boolean: %s", active).isTrue();
		assertThat(active.booleanValue()).isFalse();
		JsonNode found = r.search("/Users", "userName eq \"" + userName + "\"");
		assertThat(found.get("totalResults").asInt()).isEqualTo(1);
		assertThat(found.at("/Resources/0/id").asText()).isEqualTo(id);
		assertThat(found.at("/Resources/0/active").booleanValue()).isFalse();
	}

	private static JsonNode managerOf(JsonNode user) {
		JsonNode manager = user.path(ENTERPRISE).path("manager");
		assertThat(manager.isObject()).as("manager is returned as an object: %s", user).isTrue();
		return manager;
	}

	/** Manager absent, null or with an empty value; the department beside it is kept. */
	private static void assertManagerCleared(JsonNode user) {
		JsonNode manager = user.path(ENTERPRISE).get("manager");
		assertThat(emptyOrAbsent(manager) || emptyOrAbsent(manager.get("value"))).as("manager cleared: %s", user)
			.isTrue();
		assertThat(user.path(ENTERPRISE).path("department").asText()).isEqualTo("Retail");
	}

	/**
	 * The group holds the listed member and two others; the corpus request removes only
	 * the listed one.
	 */
	private static void assertOnlyListedMemberRemoved(Replay r, String corpusGroupId, String corpusMemberId) {
		String listed = r.user("listed@contoso.com");
		String stays = r.user("stays@contoso.com");
		String alsoStays = r.user("also-stays@contoso.com");
		String group = r.group("Sales", listed, stays, alsoStays);
		r.use(corpusGroupId, group).use(corpusMemberId, listed).send();
		assertThat(memberIds(r.read("/Groups/" + group))).containsExactlyInAnyOrder(stays, alsoStays);
		assertThat(r.read("/Users/" + listed).get("userName").asText()).isEqualTo("listed@contoso.com");
	}

	/**
	 * Every attribute definition uses the RFC 7643 §7 camelCase keywords, sub-attributes
	 * included.
	 */
	private static void assertAttributeDefinitions(JsonNode attributes, String where) {
		elements(attributes).forEach((attribute) -> {
			String name = where + "." + attribute.path("name").asText();
			assertThat(attribute.path("type").asText()).as(name + " type")
				.isIn("string", "boolean", "decimal", "integer", "dateTime", "reference", "complex", "binary");
			assertThat(attribute.path("mutability").asText()).as(name + " mutability")
				.isIn("readOnly", "readWrite", "immutable", "writeOnly");
			assertThat(attribute.path("returned").asText()).as(name + " returned")
				.isIn("always", "never", "default", "request");
			if (attribute.has("uniqueness")) {
				assertThat(attribute.get("uniqueness").asText()).as(name + " uniqueness")
					.isIn("none", "server", "global");
			}
			if (attribute.has("subAttributes")) {
				assertAttributeDefinitions(attribute.get("subAttributes"), name);
			}
		});
	}

	// ---- The replay of one corpus request ----

	/**
	 * One corpus request in one fresh account: creates prerequisites, maps the corpus's
	 * ids to real ones, and sends the request exactly as the corpus has it (method, path,
	 * headers, body), checking the corpus's expected status, Content-Type and JSON
	 * subset.
	 */
	static final class Replay {

		private final JsonNode entry;

		private final Supplier<ScimClient> tenants;

		private final ScimClient scim;

		private final Map<String, String> ids = new LinkedHashMap<>();

		private int sent;

		Replay(JsonNode entry, Supplier<ScimClient> tenants) {
			this.entry = entry;
			this.tenants = tenants;
			this.scim = tenants.get();
		}

		ScimClient scim() {
			return this.scim;
		}

		/** A client of another fresh account. */
		ScimClient otherTenant() {
			return this.tenants.get();
		}

		/** The corpus body, unchanged. */
		JsonNode body() {
			return this.entry.get("body");
		}

		/** Sends the corpus's id {@code corpusId} as {@code realId} from now on. */
		Replay use(String corpusId, String realId) {
			this.ids.put(corpusId, realId);
			return this;
		}

		/** The corpus request; its response must meet the corpus's expectation. */
		ScimResponse send() {
			ScimResponse response = exchange();
			JsonNode expectedStatus = expect().get("status");
			List<Integer> allowed = expectedStatus.isArray() ? elements(expectedStatus).map(JsonNode::asInt).toList()
					: List.of(expectedStatus.asInt());
			assertThat(response.status()).as(describe(response)).isIn(allowed);
			assertExpectedBody(response);
			if (response.status() == 200 && this.entry.get("method").asText().equals("PATCH")) {
				// A PATCH answered with 200 carries the resource as it now is.
				assertThat(response.body()).as(describe(response)).isEqualTo(read(path()));
			}
			return response;
		}

		/**
		 * The corpus request, in a situation its rules say must answer {@code status}.
		 */
		ScimResponse send(int status) {
			ScimResponse response = exchange();
			assertThat(response.status()).as(describe(response)).isEqualTo(status);
			assertScimContentType(response);
			return response;
		}

		String path() {
			String path = this.entry.get("path").asText();
			int query = path.indexOf('?');
			String resource = (query < 0) ? path : path.substring(0, query);
			String queryString = (query < 0) ? "" : path.substring(query);
			for (Map.Entry<String, String> id : this.ids.entrySet()) {
				resource = resource.replaceAll(Pattern.quote("/" + id.getKey()) + "(?=/|$)",
						Matcher.quoteReplacement("/" + id.getValue()));
				queryString = queryString.replace(id.getKey(), id.getValue());
			}
			return resource + queryString;
		}

		private ScimResponse exchange() {
			this.sent++;
			Map<String, String> headers = new LinkedHashMap<>();
			this.entry.get("headers")
				.properties()
				.forEach((header) -> headers.put(header.getKey(),
						header.getValue().asText().replace("<token>", this.scim.token())));
			// No Authorization in the corpus means none is sent.
			headers.putIfAbsent("Authorization", "");
			String body = null;
			if (this.entry.hasNonNull("body")) {
				body = write(substituted(this.entry.get("body").deepCopy()));
			}
			return this.scim.send(this.entry.get("method").asText(), withFlag(path()), body, headers);
		}

		/**
		 * Flag-on shapes come from tenants whose Tenant URL ends in
		 * {@code ?aadOptscim062020}: Entra then appends the flag to every request.
		 */
		private String withFlag(String path) {
			if (!this.entry.get("mode").asText().equals("aadOptscim062020")) {
				return path;
			}
			return path + (path.contains("?") ? "&" : "?") + "aadOptscim062020";
		}

		private JsonNode substituted(JsonNode node) {
			if (node.isObject()) {
				ObjectNode object = (ObjectNode) node;
				object.properties().forEach((field) -> field.setValue(substituted(field.getValue())));
				return object;
			}
			if (node.isArray()) {
				for (int i = 0; i < node.size(); i++) {
					((ArrayNode) node).set(i, substituted(node.get(i)));
				}
				return node;
			}
			if (node.isTextual()) {
				String text = node.textValue();
				for (Map.Entry<String, String> id : this.ids.entrySet()) {
					// The whole value, a quoted filter operand or the last segment of a
					// $ref; never part of another value ("/Users/21" must not change
					// "18/2111").
					text = text.replaceAll("(?<=^|\"|/)" + Pattern.quote(id.getKey()) + "(?=$|\")",
							Matcher.quoteReplacement(id.getValue()));
				}
				return TextNode.valueOf(text);
			}
			return node;
		}

		private JsonNode expect() {
			return this.entry.get("expect");
		}

		private void assertExpectedBody(ScimResponse response) {
			assertScimContentType(response);
			if (expect().has("contentType")) {
				assertThat(response.contentType()).as(describe(response))
					.startsWith(expect().get("contentType").asText());
			}
			if (expect().has("json")) {
				assertThat(response.body()).as(describe(response)).isNotNull();
				assertJsonSubset(response.body(), expect().get("json"), describe(response));
			}
			if (response.status() == 204) {
				assertThat(response.rawBody()).as(describe(response)).isNullOrEmpty();
			}
		}

		/**
		 * Every response with a body, errors and 401s included, is SCIM JSON (Microsoft's
		 * validator insists).
		 */
		private static void assertScimContentType(ScimResponse response) {
			if (response.rawBody() != null && !response.rawBody().isEmpty()) {
				assertThat(response.contentType()).as(response.toString()).startsWith("application/scim+json");
				assertThat(response.body()).as("a JSON body: " + response).isNotNull();
			}
		}

		private String describe(ScimResponse response) {
			return this.entry.get("method").asText() + " " + path() + " -> " + response;
		}

		String user(String userName) {
			return userFrom(userBody(userName));
		}

		String userFrom(String json) {
			ScimResponse created = this.scim.post("/Users", json);
			assertThat(created.status()).as("setup: create user " + created).isEqualTo(201);
			return created.id();
		}

		List<String> users(int count) {
			List<String> created = new ArrayList<>();
			for (int i = 1; i <= count; i++) {
				created.add(user("user" + i + "@contoso.com"));
			}
			return created;
		}

		String group(String displayName, String... members) {
			ScimResponse created = this.scim.post("/Groups", groupBody(displayName));
			assertThat(created.status()).as("setup: create group " + created).isEqualTo(201);
			if (members.length > 0) {
				StringBuilder values = new StringBuilder();
				for (String member : members) {
					values.append(values.isEmpty() ? "" : ",").append("{\"value\":\"").append(member).append("\"}");
				}
				ScimResponse added = this.scim.patch("/Groups/" + created.id(),
						patchBody("[{\"op\":\"add\",\"path\":\"members\",\"value\":[" + values + "]}]"));
				assertThat(added.status()).as("setup: add members " + added).isEqualTo(204);
			}
			return created.id();
		}

		void setManager(String userId, String managerId) {
			ScimResponse patched = this.scim.patch("/Users/" + userId, patchBody(
					"[{\"op\":\"add\",\"path\":\"" + ENTERPRISE + ":manager\",\"value\":\"" + managerId + "\"}]"));
			assertThat(patched.status()).as("setup: set manager " + patched).isEqualTo(200);
			assertThat(managerOf(patched.body()).get("value").asText()).isEqualTo(managerId);
		}

		/** GET that must answer 200; its body. */
		JsonNode read(String path) {
			ScimResponse response = this.scim.get(path);
			assertThat(response.status()).as("GET " + path + " -> " + response).isEqualTo(200);
			return response.body();
		}

		JsonNode search(String resource, String filter) {
			return read(resource + "?filter=" + ScimClient.q(filter));
		}

	}

	// ---- JSON helpers ----

	/**
	 * {@code actual} holds everything {@code expected} does: objects by member, arrays
	 * element by element with the same length, numbers by value, everything else by
	 * equality.
	 */
	static void assertJsonSubset(JsonNode actual, JsonNode expected, String where) {
		if (expected.isObject()) {
			assertThat(actual != null && actual.isObject()).as(where + ": an object, got " + actual).isTrue();
			expected.properties().forEach((field) -> {
				assertThat(actual.has(field.getKey())).as(where + ": has '" + field.getKey() + "'").isTrue();
				assertJsonSubset(actual.get(field.getKey()), field.getValue(), where + "." + field.getKey());
			});
		}
		else if (expected.isArray()) {
			assertThat(actual != null && actual.isArray()).as(where + ": an array, got " + actual).isTrue();
			assertThat(actual).as(where).hasSize(expected.size());
			for (int i = 0; i < expected.size(); i++) {
				assertJsonSubset(actual.get(i), expected.get(i), where + "[" + i + "]");
			}
		}
		else if (expected.isNumber()) {
			assertThat(actual.isNumber()).as(where + ": a number, got " + actual).isTrue();
			assertThat(actual.decimalValue()).as(where).isEqualByComparingTo(expected.decimalValue());
		}
		else {
			assertThat(actual).as(where).isEqualTo(expected);
		}
	}

	private static List<String> nullsIn(JsonNode node, String where) {
		List<String> nulls = new ArrayList<>();
		if (node.isNull()) {
			nulls.add(where);
		}
		else if (node.isObject()) {
			node.properties().forEach((field) -> nulls.addAll(nullsIn(field.getValue(), where + "." + field.getKey())));
		}
		else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				nulls.addAll(nullsIn(node.get(i), where + "[" + i + "]"));
			}
		}
		return nulls;
	}

	private static boolean emptyOrAbsent(JsonNode node) {
		return node == null || node.isNull() || node.isMissingNode()
				|| (node.isTextual() && node.textValue().isEmpty());
	}

	/** The one element of {@code array} whose {@code field} is {@code value}. */
	private static JsonNode only(JsonNode array, String field, String value) {
		List<JsonNode> matches = elements(array).filter((element) -> value.equals(element.path(field).asText()))
			.toList();
		assertThat(matches).as("exactly one element with %s=%s in %s", field, value, array).hasSize(1);
		return matches.get(0);
	}

	private static List<String> memberIds(JsonNode group) {
		return elements(group.path("members")).map((member) -> member.get("value").asText()).toList();
	}

	private static Set<String> fieldNames(JsonNode node) {
		Set<String> names = new LinkedHashSet<>();
		node.fieldNames().forEachRemaining(names::add);
		return names;
	}

	private static Stream<JsonNode> elements(JsonNode array) {
		if (array == null || !array.isArray()) {
			return Stream.empty();
		}
		return StreamSupport.stream(array.spliterator(), false);
	}

	private static JsonNode loadCorpus() {
		try (InputStream in = EntraCorpusTest.class.getResourceAsStream("/entra-request-corpus.json")) {
			assertThat(in).as("entra-request-corpus.json on the test classpath").isNotNull();
			return CORPUS_JSON.readTree(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String write(JsonNode body) {
		try {
			return CORPUS_JSON.writeValueAsString(body);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
