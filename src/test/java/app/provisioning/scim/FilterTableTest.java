package app.provisioning.scim;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static app.provisioning.support.ScimClient.q;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Filters (RFC 7644 §3.4.2.2) evaluated by PostgreSQL on real rows: one account holds
 * eleven users and three groups provisioned through the API, a second account holds
 * look-alikes that no filter of the first may ever return. Each row is a filter and the
 * exact set it must select. Placeholders such as {@code {id:alice}}, {@code {ID:alice}}
 * (upper case), {@code {created:carol}}, {@code {lm:heidi}} and {@code {gid:Sales}} are
 * replaced with values read back from the server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FilterTableTest extends ScimIntegrationTest {

	private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

	private static final String ENTRA = "urn:ietf:params:scim:schemas:extension:entra:2.0:User";

	private static final List<String> ALL_USERS = List.of("alice", "bob", "carol", "dave", "eve", "frank", "grace",
			"heidi", "ivan", "judy", "judyx");

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{(id|ID|created|lm|gid):([^}]+)}");

	private ScimClient scim;

	private ScimClient otherTenant;

	/** Test key (alice, bob…) → id, and back. */
	private final Map<String, String> userIds = new LinkedHashMap<>();

	private final Map<String, String> keysByUserId = new HashMap<>();

	private final Map<String, String> groupIds = new LinkedHashMap<>();

	private final Map<String, String> groupNamesById = new HashMap<>();

	private final Map<String, JsonNode> usersAsRead = new HashMap<>();

	/** Ids that belong to the second account: never in an answer to the first. */
	private final Set<String> foreignIds = new TreeSet<>();

	@BeforeAll
	void provisionTwoAccounts() {
		this.scim = newTenant();
		String alice = create("alice", """
				{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","%1$s","%2$s"],
				 "userName":"Alice.Smith@Contoso.com","externalId":"alice-ext","displayName":"Alice Smith",
				 "name":{"formatted":"Alice Smith","givenName":"Alice","familyName":"Smith"},
				 "title":"Sales Manager","active":true,
				 "emails":[{"primary":true,"type":"work","value":"Alice.Smith@contoso.com"},
				           {"type":"home","value":"alice@home.example"}],
				 "roles":[{"value":"Admin","display":"Administrator","primary":"True"}],
				 "addresses":[{"type":"work","locality":"Seattle","country":"US","primary":true}],
				 "%1$s":{"department":"Sales","employeeNumber":"1001"},
				 "%2$s":{"employeeType":"Employee","officeLocation":"Building 1",
				         "employeeHireDate":"2019-03-01T00:00:00Z","otherMails":["alice.alt@contoso.com"]}}
				""".formatted(ENTERPRISE, ENTRA));
		String bob = create("bob", """
				{"userName":"bob.jones@contoso.com","externalId":"Bob-Ext","displayName":"Bob Jones",
				 "name":{"givenName":"Bob","familyName":"Jones"},"title":"Software Engineer","active":"True",
				 "emails":[{"primary":true,"type":"work","value":"Bob.Jones@Contoso.com"}],
				 "roles":[{"value":"Developer","primary":false}],
				 "addresses":[{"type":"work","locality":"Redmond","country":"US"}],
				 "%1$s":{"department":"Engineering","employeeNumber":"1002","manager":{"value":"%3$s"}},
				 "%2$s":{"employeeType":"Employee","employeeHireDate":"2021-06-15T00:00:00Z"}}
				""".formatted(ENTERPRISE, ENTRA, alice));
		create("carol", """
				{"userName":"carol@contoso.com","externalId":"shared-ext","displayName":"Carol White",
				 "name":{"givenName":"Carol","familyName":"White"},"title":"Senior Engineer","active":false,
				 "emails":[{"type":"home","value":"carol@home.example"}],
				 "%1$s":{"department":"Engineering","employeeNumber":"1003","manager":"%3$s"},
				 "%2$s":{"employeeType":"Contractor","officeLocation":"Building 2"}}
				""".formatted(ENTERPRISE, ENTRA, alice));
		create("dave", """
				{"userName":"dave@fabrikam.com","externalId":"shared-ext","displayName":"Dave Smith",
				 "name":{"givenName":"Dave","familyName":"Smith"},"title":"Engineering Manager","active":true,
				 "emails":[{"type":"work","value":"dave@fabrikam.com"}],
				 "roles":[{"value":"Admin","primary":true}],
				 "%1$s":{"department":"Marketing","employeeNumber":"1004"},
				 "%2$s":{"employeeType":"Contractor","employeeHireDate":"2023-01-09T00:00:00Z"}}
				""".formatted(ENTERPRISE, ENTRA));
		create("eve", """
				{"userName":"EVE@CONTOSO.COM","externalId":"EVE","displayName":"Eve Black",
				 "name":{"givenName":"Eve","familyName":"Black"},"active":"False",
				 "emails":[{"type":"work","value":"eve@contoso.com"}],
				 "roles":[{"value":"Auditor","primary":"False"}],
				 "%1$s":{"department":"sales","employeeNumber":"1005"}}
				""".formatted(ENTERPRISE));
		create("frank", """
				{"userName":"frank@fabrikam.com","displayName":"Frank Green",
				 "name":{"givenName":"Frank","familyName":"Green"},"title":"engineer","active":true,
				 "emails":[{"type":"work","value":"frank@fabrikam.com"}],
				 "addresses":[{"type":"home","locality":"Seattle"}],
				 "%1$s":{"department":"Engineering","employeeNumber":"1006","manager":{"value":"%2$s"}}}
				""".formatted(ENTERPRISE, bob));
		create("grace", """
				{"userName":"grace@contoso.com","externalId":"grace-ext","displayName":"Grace Hopper",
				 "name":{"givenName":"Grace","familyName":"Hopper"},"title":"Rear Admiral",
				 "emails":[{"type":"work","value":"grace@contoso.com"}],
				 "addresses":[{"type":"home","locality":"Arlington","country":"US"}],
				 "%1$s":{"employeeNumber":"1007"},
				 "%2$s":{"otherMails":["grace.alt@contoso.com","hopper@navy.example"]}}
				""".formatted(ENTERPRISE, ENTRA));
		create("heidi",
				"""
						{"userName":"heidi@contoso.com","externalId":"heidi-ext","name":{"givenName":"Heidi"},
						 "emails":[{"type":"work","value":"heidi@contoso.com"},{"type":"home","value":"heidi.home@contoso.com"}],
						 "%1$s":{"officeLocation":"Remote"}}
						"""
					.formatted(ENTRA));
		create("ivan", "{\"userName\":\"ivan@contoso.com\"}");
		create("judy", """
				{"userName":"judy_100%@contoso.com","externalId":"judy-ext","displayName":"Judy",
				 "emails":[{"type":"work","value":"judy_100%@contoso.com"}]}
				""");
		create("judyx",
				"{\"userName\":\"judyx100x@contoso.com\",\"externalId\":\"judyx-ext\",\"displayName\":\"Judy X\"}");

		createGroup("Sales", "grp-sales", alice, bob);
		createGroup("Engineering", "grp-eng", bob, this.userIds.get("carol"), this.userIds.get("frank"));
		createGroup("Empty", null);

		// A later change: grace's lastModified moves past everyone's creation time.
		ScimResponse patched = this.scim.patch("/Users/" + this.userIds.get("grace"),
				patchBody("[{\"op\":\"Replace\",\"path\":\"title\",\"value\":\"Rear Admiral (retired)\"}]"));
		assertThat(patched.status()).as(patched.toString()).isIn(200, 204);

		for (Map.Entry<String, String> user : this.userIds.entrySet()) {
			this.usersAsRead.put(user.getKey(), this.scim.get("/Users/" + user.getValue()).body());
		}
		assertThat(timestamp("lm", "grace")).isAfter(timestamp("created", "judyx"));
		for (int i = 1; i < ALL_USERS.size(); i++) {
			assertThat(timestamp("created", ALL_USERS.get(i))).as("creation order")
				.isAfter(timestamp("created", ALL_USERS.get(i - 1)));
		}

		// The second account: look-alikes of the first account's data.
		this.otherTenant = newTenant();
		ScimResponse mallory = this.otherTenant.post("/Users",
				"""
						{"userName":"mallory@contoso.com","externalId":"shared-ext","displayName":"Alice Smith","title":"Sales Manager",
						 "active":false,"name":{"givenName":"Alice","familyName":"Smith"},
						 "emails":[{"type":"work","value":"Alice.Smith@contoso.com"},{"type":"home","value":"heidi.home@contoso.com"}],
						 "roles":[{"value":"Admin","primary":"True"}],
						 "%1$s":{"department":"Sales","employeeNumber":"1001","manager":{"value":"%2$s"}},
						 "%3$s":{"employeeType":"Contractor","officeLocation":"Building 1"}}
						"""
					.formatted(ENTERPRISE, alice, ENTRA));
		assertThat(mallory.status()).as(mallory.toString()).isEqualTo(201);
		this.foreignIds.add(mallory.id());
		ScimResponse foreignGroup = this.otherTenant.post("/Groups", """
				{"displayName":"Sales","externalId":"grp-sales","members":[{"value":"%s"}]}
				""".formatted(mallory.id()));
		assertThat(foreignGroup.status()).as(foreignGroup.toString()).isEqualTo(201);
		this.foreignIds.add(foreignGroup.id());
	}

	private String create(String key, String body) {
		ScimResponse created = this.scim.post("/Users", body);
		assertThat(created.status()).as(key + ": " + created).isEqualTo(201);
		this.userIds.put(key, created.id());
		this.keysByUserId.put(created.id(), key);
		return created.id();
	}

	private void createGroup(String displayName, String externalId, String... memberIds) {
		StringBuilder members = new StringBuilder();
		for (String member : memberIds) {
			members.append(members.isEmpty() ? "" : ",").append("{\"value\":\"").append(member).append("\"}");
		}
		String body = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"" + displayName
				+ "\"" + ((externalId != null) ? ",\"externalId\":\"" + externalId + "\"" : "") + ",\"members\":["
				+ members + "]}";
		ScimResponse created = this.scim.post("/Groups", body);
		assertThat(created.status()).as(displayName + ": " + created).isEqualTo(201);
		this.groupIds.put(displayName, created.id());
		this.groupNamesById.put(created.id(), displayName);
	}

	private Instant timestamp(String kind, String key) {
		String field = kind.equals("lm") ? "lastModified" : "created";
		return Instant.parse(this.usersAsRead.get(key).get("meta").get(field).asText());
	}

	/** Replaces the placeholders of a table row with real ids and timestamps. */
	private String resolve(String template) {
		Matcher matcher = PLACEHOLDER.matcher(template);
		StringBuilder resolved = new StringBuilder();
		while (matcher.find()) {
			String key = matcher.group(2);
			String value = switch (matcher.group(1)) {
				case "id" -> this.userIds.get(key);
				case "ID" -> this.userIds.get(key).toUpperCase(Locale.ROOT);
				case "gid" -> this.groupIds.get(key);
				case "created" -> this.usersAsRead.get(key).get("meta").get("created").asText();
				case "lm" -> this.usersAsRead.get(key).get("meta").get("lastModified").asText();
				default -> throw new IllegalArgumentException(matcher.group());
			};
			assertThat(value).as("placeholder " + matcher.group()).isNotNull();
			matcher.appendReplacement(resolved, Matcher.quoteReplacement(value));
		}
		matcher.appendTail(resolved);
		return resolved.toString();
	}

	private static Set<String> keys(String expected) {
		Set<String> keys = new TreeSet<>();
		for (String key : expected.trim().split("\\s+")) {
			if (!key.isEmpty()) {
				keys.add(key);
			}
		}
		return keys;
	}

	private static Set<String> allUsersExcept(String excluded) {
		Set<String> keys = new TreeSet<>(ALL_USERS);
		keys.removeAll(keys(excluded));
		return keys;
	}

	private ScimResponse list(String endpoint, String filter, String extraQuery) {
		return this.scim.get(endpoint + "?count=1000&filter=" + q(filter) + extraQuery);
	}

	/**
	 * The test keys of the users in a 200 list response, after checking it holds nothing
	 * foreign.
	 */
	private Set<String> userKeys(ScimResponse response) {
		return resourceNames(response, this.keysByUserId);
	}

	private Set<String> groupNames(ScimResponse response) {
		return resourceNames(response, this.groupNamesById);
	}

	private Set<String> resourceNames(ScimResponse response, Map<String, String> namesById) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		JsonNode resources = response.body().path("Resources");
		assertThat(response.body().get("totalResults").asInt()).as("totalResults of " + response)
			.isEqualTo(resources.size());
		Set<String> names = new TreeSet<>();
		for (JsonNode resource : resources) {
			String id = resource.get("id").asText();
			assertThat(this.foreignIds).as("another account's resource in " + response).doesNotContain(id);
			assertThat(namesById).as("a resource this test did not create: " + id).containsKey(id);
			names.add(namesById.get(id));
		}
		return names;
	}

	// ---------------------------------------------------------------- users: valid
	// filters

	Stream<Arguments> userFilters() {
		return Stream.of(
				// eq / ne on indexed columns; userName, displayName case-insensitive,
				// externalId case-exact
				row("userName eq \"alice.smith@contoso.com\"", "alice"), row("USERNAME eq \"eve@contoso.com\"", "eve"),
				row("userName eq \"nobody@contoso.com\"", ""),
				row("userName ne \"ALICE.SMITH@contoso.com\"", allUsersExcept("alice")),
				row("externalId eq \"Bob-Ext\"", "bob"), row("externalId eq \"bob-ext\"", ""),
				row("externalId eq \"EVE\"", "eve"), row("externalId eq \"eve\"", ""),
				row("externalId eq \"shared-ext\"", "carol dave"),
				row("externalId ne \"shared-ext\"", allUsersExcept("carol dave")),
				row("not (externalId eq \"shared-ext\")", allUsersExcept("carol dave")),
				row("displayName eq \"alice SMITH\"", "alice"), row("id eq \"{id:bob}\"", "bob"),
				row("id eq \"{ID:bob}\"", "bob"), row("id ne \"{id:bob}\"", allUsersExcept("bob")),
				row("id eq \"not-a-uuid\"", ""),
				// co / sw / ew, with LIKE wildcards taken literally
				row("userName co \"SMITH\"", "alice"), row("userName sw \"judy\"", "judy judyx"),
				row("userName sw \"judy_\"", "judy"), row("userName co \"_100%\"", "judy"),
				row("userName co \"%\"", "judy"), row("userName ew \"@FABRIKAM.COM\"", "dave frank"),
				row("displayName co \"smith\"", "alice dave"), row("displayName sw \"judy\"", "judy judyx"),
				row("title co \"engineer\"", "bob carol dave frank"), row("title sw \"Senior\"", "carol"),
				row("title ew \"manager\"", "alice dave"), row("title eq \"ENGINEER\"", "frank"),
				row("title eq \"Rear Admiral (retired)\"", "grace"),
				// pr
				row("title pr", "alice bob carol dave frank grace"), row("externalId pr", allUsersExcept("frank ivan")),
				row("displayName pr", allUsersExcept("heidi ivan")), row("emails pr", allUsersExcept("ivan judyx")),
				row("not (emails pr)", "ivan judyx"), row("name.familyName pr", "alice bob carol dave eve frank grace"),
				row("name.givenName pr and not (name.familyName pr)", "heidi"),
				// gt / ge / lt / le on strings (case-insensitive) and timestamps
				row("userName gt \"h\"", "heidi ivan judy judyx"), row("userName lt \"C\"", "alice bob"),
				row("userName le \"BOB.JONES@contoso.com\"", "alice bob"), row("userName ge \"JUDY\"", "judy judyx"),
				row("meta.created lt \"{created:carol}\"", "alice bob"),
				row("meta.created le \"{created:carol}\"", "alice bob carol"),
				row("meta.created ge \"{created:judy}\"", "judy judyx"),
				row("meta.created gt \"{lm:heidi}\"", "ivan judy judyx"),
				row("meta.lastModified gt \"{lm:heidi}\"", "grace ivan judy judyx"),
				row("meta.lastModified ge \"{lm:grace}\"", "grace"),
				row("meta.lastModified le \"{lm:alice}\"", "alice"), row("meta.lastModified eq \"{lm:bob}\"", "bob"),
				row("meta.lastModified gt \"{lm:heidi}\" and meta.lastModified lt \"{lm:judyx}\"", "ivan judy"),
				// booleans: JSON booleans and Entra's capitalised strings
				row("active eq false", "carol eve"), row("active eq \"False\"", "carol eve"),
				row("active eq true", allUsersExcept("carol eve")),
				row("active eq \"True\"", allUsersExcept("carol eve")), row("active ne true", "carol eve"),
				row("roles[primary eq \"True\"]", "alice dave"), row("roles[primary eq true]", "alice dave"),
				row("roles[value eq \"admin\" and primary eq \"True\"]", "alice dave"),
				row("roles.primary eq false", "bob eve"),
				row("roles[primary eq \"True\"].value eq \"Admin\"", "alice dave"),
				row("roles pr", "alice bob dave eve"),
				// and / or / not with parentheses
				row("userName sw \"a\" or userName sw \"b\"", "alice bob"),
				row("title co \"engineer\" and active eq true", "bob dave frank"),
				row("(title co \"engineer\" or title co \"manager\") and not (active eq false)",
						"alice bob dave frank"),
				row("title co \"engineer\" or title co \"manager\" and active eq false", "bob carol dave frank"),
				row("not (userName co \"contoso\")", "dave frank"),
				row("not (not (userName eq \"ivan@contoso.com\"))", "ivan"),
				row("title pr and not (title co \"engineer\")", "alice grace"),
				row("userName eq \"x@contoso.com\" or userName eq \"y@contoso.com\"", ""),
				row("(userName sw \"a\" or userName sw \"b\") and (emails[type eq \"home\"] or name.familyName eq \"jones\")",
						"alice bob"),
				// multi-valued complex attributes: emails, addresses
				row("emails[type eq \"work\" and value co \"contoso\"]", "alice bob eve grace heidi judy"),
				row("emails[type eq \"home\"]", "alice carol heidi"),
				row("emails[type eq \"home\" and value ew \"@contoso.com\"]", "heidi"),
				row("emails.type eq \"home\" and emails.value ew \"@contoso.com\"", "alice heidi"),
				row("emails[not (type eq \"work\")]", "alice carol heidi"),
				row("emails.value eq \"bob.jones@CONTOSO.com\"", "bob"),
				row("emails eq \"frank@FABRIKAM.com\"", "frank"), row("emails.value co \"_100%\"", "judy"),
				row("emails[type eq \"work\"].value eq \"alice.smith@contoso.com\"", "alice"),
				row("emails[type eq \"work\"].value eq \"carol@home.example\"", ""),
				row("emails[type eq \"home\"].value eq \"carol@home.example\"", "carol"),
				row("emails[type eq \"work\"].value eq \"heidi.home@contoso.com\"", ""),
				row("emails[type eq \"work\"].value eq \"dave@fabrikam.com\" or userName eq \"ivan@contoso.com\"",
						"dave ivan"),
				row("addresses[type eq \"work\" and locality eq \"seattle\"]", "alice"),
				row("addresses.locality eq \"Seattle\"", "alice frank"),
				row("addresses[country eq \"US\"]", "alice bob grace"),
				row("addresses[type eq \"work\"].locality eq \"Redmond\"", "bob"),
				// single-valued complex: name
				row("name.givenName eq \"ALICE\"", "alice"), row("name.familyName eq \"Smith\"", "alice dave"),
				row("name[givenName sw \"G\" or familyName eq \"jones\"]", "bob grace"),
				// enterprise extension, with and without the URN
				row(ENTERPRISE + ":department eq \"Sales\"", "alice eve"),
				row(ENTERPRISE + ":department eq \"Engineering\"", "bob carol frank"),
				row("URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:Department eq \"marketing\"", "dave"),
				row("department eq \"marketing\"", "dave"),
				row(ENTERPRISE + ":employeeNumber ge \"1005\"", "eve frank grace"),
				row("employeeNumber lt \"1003\"", "alice bob"), row("manager eq \"{id:alice}\"", "bob carol"),
				row(ENTERPRISE + ":manager eq \"{id:alice}\"", "bob carol"),
				row(ENTERPRISE + ":manager.value eq \"{id:bob}\"", "frank"),
				row(ENTERPRISE + ":manager[value eq \"{id:alice}\"]", "bob carol"),
				row(ENTERPRISE + ":manager pr", "bob carol frank"),
				row("id eq \"{ID:bob}\" and manager eq \"{id:alice}\"", "bob"),
				row("id eq \"{ID:frank}\" and manager eq \"{id:alice}\"", ""),
				// the custom Entra extension: strings, dateTimes, multi-valued strings
				row(ENTRA + ":employeeType eq \"contractor\"", "carol dave"),
				row("officeLocation sw \"building\"", "alice carol"),
				row(ENTRA + ":employeeHireDate gt \"2020-01-01T00:00:00Z\"", "bob dave"),
				// compared as instants, not as text: 23:30-01:00 on 28 Feb is 00:30Z on 1
				// March
				row(ENTRA + ":employeeHireDate lt \"2019-02-28T23:30:00-01:00\"", "alice"),
				row(ENTRA + ":employeeHireDate gt \"2019-03-01T00:30:00+01:00\"", "alice bob dave"),
				row(ENTRA + ":employeeHireDate pr", "alice bob dave"),
				row(ENTRA + ":otherMails co \"alt@\"", "alice grace"),
				row(ENTRA + ":otherMails eq \"HOPPER@navy.example\"", "grace"),
				row(ENTRA + ":employeeType pr and not (" + ENTRA + ":employeeType eq \"Employee\")", "carol dave"));
	}

	private static Arguments row(String filter, String expected) {
		return Arguments.of(filter, keys(expected));
	}

	private static Arguments row(String filter, Set<String> expected) {
		return Arguments.of(filter, expected);
	}

	@ParameterizedTest(name = "{0} → {1}")
	@MethodSource("userFilters")
	void userFilterSelectsExactlyTheExpectedUsers(String filter, Set<String> expected) {
		assertThat(userKeys(list("/Users", resolve(filter), ""))).as(filter).isEqualTo(expected);
	}

	@ParameterizedTest(name = "{0} → {1}")
	@MethodSource("userFilters")
	void userFilterGivesTheSameAnswerThroughSearchEndpoint(String filter, Set<String> expected) {
		String body = ScimClient.mapper()
			.createObjectNode()
			.put("filter", resolve(filter))
			.put("count", 1000)
			.set("schemas",
					ScimClient.mapper().createArrayNode().add("urn:ietf:params:scim:api:messages:2.0:SearchRequest"))
			.toString();
		assertThat(userKeys(this.scim.post("/Users/.search", body))).as(filter).isEqualTo(expected);
	}

	@Test
	void entraLegacyManagerProbeAnswersTheUserWithIdOnly() {
		// C52 of the Entra request corpus, with real ids (id upper-case, as the old docs
		// show it).
		String filter = resolve("id eq \"{ID:bob}\" and manager eq \"{id:alice}\"");
		ScimResponse response = this.scim.get("/Users?filter=" + q(filter) + "&attributes=id");
		assertThat(userKeys(response)).containsExactly("bob");
		JsonNode bob = response.body().get("Resources").get(0);
		List<String> fields = new ArrayList<>();
		bob.fieldNames().forEachRemaining(fields::add);
		assertThat(fields).containsExactlyInAnyOrder("id", "schemas");
	}

	@Test
	void entraMatchingQueryWithPlusForSpacesFindsExactlyOneUser() {
		// Entra's query string encodes spaces as '+', the way the request corpus shows
		// it.
		ScimResponse response = this.scim.get("/Users?filter=userName+eq+%22alice.smith%40contoso.com%22");
		assertThat(userKeys(response)).containsExactly("alice");
		ScimResponse byEmail = this.scim
			.get("/Users?filter=emails%5Btype+eq+%22work%22%5D.value+eq+%22Alice.Smith%40contoso.com%22");
		assertThat(userKeys(byEmail)).containsExactly("alice");
	}

	// ---------------------------------------------------------------- groups

	Stream<Arguments> groupFilters() {
		return Stream.of(row("displayName eq \"sales\"", "Sales"), row("displayName eq \"SALES \"", ""),
				row("displayName sw \"E\"", "Empty Engineering"), row("displayName ne \"Sales\"", "Empty Engineering"),
				row("externalId eq \"grp-sales\"", "Sales"), row("externalId eq \"GRP-SALES\"", ""),
				row("externalId pr", "Engineering Sales"), row("id eq \"{gid:Engineering}\"", "Engineering"),
				row("members[value eq \"{id:alice}\"]", "Sales"),
				row("members[value eq \"{id:bob}\"]", "Engineering Sales"),
				row("members.value eq \"{id:carol}\"", "Engineering"),
				row("members[value eq \"{ID:frank}\"]", "Engineering"), row("members[value eq \"{id:ivan}\"]", ""),
				row("members[value eq \"{id:alice}\" or value eq \"{id:frank}\"]", "Engineering Sales"),
				row("members[type eq \"User\"]", "Engineering Sales"), row("members pr", "Engineering Sales"),
				row("not (members pr)", "Empty"),
				row("id eq \"{gid:Sales}\" and members[value eq \"{id:alice}\"]", "Sales"),
				row("id eq \"{gid:Sales}\" and members[value eq \"{id:frank}\"]", ""),
				row("displayName eq \"Engineering\" and members[value eq \"{id:frank}\"]", "Engineering"),
				row("meta.created ge \"{created:judyx}\"", "Empty Engineering Sales"));
	}

	@ParameterizedTest(name = "{0} → {1}")
	@MethodSource("groupFilters")
	void groupFilterSelectsExactlyTheExpectedGroups(String filter, Set<String> expected) {
		assertThat(groupNames(list("/Groups", resolve(filter), ""))).as(filter).isEqualTo(expected);
	}

	Stream<Arguments> membershipProbes() {
		return Stream.of(Arguments.of("Sales", "alice", true), Arguments.of("Sales", "bob", true),
				Arguments.of("Sales", "carol", false), Arguments.of("Engineering", "frank", true),
				Arguments.of("Empty", "alice", false));
	}

	@ParameterizedTest(name = "{1} in {0}: {2}")
	@MethodSource("membershipProbes")
	void entraMembershipProbeWithExcludedMembersAnswersWithoutMembers(String group, String user, boolean member) {
		String filter = "id eq \"" + this.groupIds.get(group) + "\" and members[value eq \"" + this.userIds.get(user)
				+ "\"]";
		ScimResponse response = this.scim.get("/Groups?excludedAttributes=members&filter=" + q(filter));
		assertThat(groupNames(response)).isEqualTo(member ? Set.of(group) : Set.of());
		for (JsonNode resource : response.body().path("Resources")) {
			assertThat(resource.has("members")).as(response.toString()).isFalse();
			assertThat(resource.get("displayName").asText()).isEqualTo(group);
		}
	}

	@Test
	void groupMatchByDisplayNameWithExcludedMembersReturnsNoMembers() {
		// C02 of the Entra request corpus.
		ScimResponse response = this.scim
			.get("/Groups?excludedAttributes=members&filter=displayName+eq+%22Engineering%22");
		assertThat(groupNames(response)).containsExactly("Engineering");
		assertThat(response.body().at("/Resources/0").has("members")).isFalse();
		ScimResponse withMembers = this.scim.get("/Groups?filter=displayName+eq+%22Engineering%22");
		assertThat(withMembers.body().at("/Resources/0/members")).hasSize(3);
	}

	// ---------------------------------------------------------------- invalid filters

	Stream<Arguments> invalidFilters() {
		return Stream.of(Arguments.of("/Users", "nickNameX eq \"x\"", "nickNameX"),
				Arguments.of("/Users", "name.middle eq \"x\"", "middle"),
				Arguments.of("/Users", ENTERPRISE + ":shoeSize eq \"42\"", "shoeSize"),
				Arguments.of("/Users", "urn:ietf:params:scim:schemas:extension:nope:2.0:User:x eq \"y\"", "nope"),
				Arguments.of("/Users", "emails[kind eq \"work\"]", "kind"),
				Arguments.of("/Users", "title[value eq \"x\"]", "title"),
				Arguments.of("/Users", "groups eq \"x\"", "groups"),
				Arguments.of("/Users", "members[value eq \"x\"]", "members"),
				Arguments.of("/Users", "name eq \"x\"", "name"), Arguments.of("/Users", "active gt true", "active"),
				Arguments.of("/Users", "active eq \"maybe\"", "active"),
				Arguments.of("/Users", "userName eq", "userName eq|value"),
				Arguments.of("/Users", "userName eq \"a\" and", "userName eq \"a\" and"),
				Arguments.of("/Users", "userName xx \"a\"", "xx"),
				Arguments.of("/Users", "(userName eq \"a\"", "parenthesis"),
				Arguments.of("/Users", "userName eq \"a\")", "parenthesis"),
				Arguments.of("/Users", "((userName eq \"a\") or (title pr)", "parenthesis"),
				Arguments.of("/Users", "emails[type eq \"work\"", "bracket"),
				Arguments.of("/Users", "meta.version eq \"x\"", "meta.version"),
				Arguments.of("/Users", "meta.lastModified gt \"yesterday\"", "meta.lastModified"),
				Arguments.of("/Users", ENTRA + ":employeeHireDate ge 2020", "employeeHireDate"),
				Arguments.of("/Users", "externalId eq jyoung", "jyoung"),
				Arguments.of("/Users", "userName eq \"" + "x".repeat(4986) + "\"", "5000|4096"),
				Arguments.of("/Groups", "members[display eq \"x\"]", "display"),
				Arguments.of("/Groups", "title eq \"x\"", "title"));
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("invalidFilters")
	void invalidFilterIs400InvalidFilterNamingTheProblem(String endpoint, String filter, String named) {
		ScimResponse response = list(endpoint, filter, "");
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.contentType()).isEqualTo("application/scim+json");
		assertThat(response.body().get("scimType").asText()).isEqualTo("invalidFilter");
		assertThat(response.body().get("status").asText()).isEqualTo("400");
		for (String fragment : named.split("\\|")) {
			assertThat(response.body().get("detail").asText()).containsIgnoringCase(fragment);
		}
	}

	@Test
	void filterWithUnknownAttributeIs400InvalidFilter() {
		ScimResponse response = list("/Users",
				"userName eq \"alice.smith@contoso.com\" and favouriteColour eq \"blue\"", "");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body().get("scimType").asText()).isEqualTo("invalidFilter");
		assertThat(response.body().get("detail").asText()).contains("favouriteColour");
	}

	@Test
	void filterOfFiveThousandCharactersIs400NamingTheLimit() {
		String filter = ("userName eq \"a\" or ").repeat(263) + "userName eq \"a\"";
		assertThat(filter).hasSizeGreaterThan(5000);
		ScimResponse response = list("/Users", filter, "");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body().get("scimType").asText()).isEqualTo("invalidFilter");
		assertThat(response.body().get("detail").asText()).contains(Integer.toString(filter.length())).contains("4096");
	}

	// ---------------------------------------------------------------- hostile input

	/**
	 * Each row: a query string (placeholders allowed), the status it must get, and for a
	 * 200 the exact users it may return. SQL in a value must be data; SQL in a name, a
	 * sort key, a projection or a cursor must be refused or ignored.
	 */
	Stream<Arguments> hostileUserQueries() {
		return Stream.of(hostile("filter", "userName eq \"x' OR '1'='1\"", 200, ""),
				hostile("filter", "userName eq \"alice.smith@contoso.com'; DROP TABLE scim_user; --\"", 200, ""),
				hostile("filter", "userName eq \"\\\" or userName pr or userName eq \\\"\"", 200, ""),
				hostile("filter", "userName eq \"a\\\") OR (1=1\"", 200, ""),
				hostile("filter", "title co \"' || (SELECT string_agg(user_name, ',') FROM scim_user) || '\"", 200, ""),
				hostile("filter", "externalId eq \"shared-ext' OR account_id IS NOT NULL --\"", 200, ""),
				hostile("filter", "emails[type eq \"work' OR 1=1 --\"]", 200, ""),
				hostile("filter", "emails[type eq \"work\"].value eq \"x') OR ('1'='1\"", 200, ""),
				hostile("filter", ENTRA + ":employeeType eq \"x\\\"}' OR '1'='1\"", 200, ""),
				hostile("filter", "userName co \"_\"", 200, "judy"), hostile("filter", "userName sw \"%\"", 200, ""),
				hostile("filter", "userName ew \"%@contoso.com\"", 200, "judy"),
				hostile("filter", "userName co \"/*\"", 200, ""),
				hostile("filter", "userName eq \"x\" /* or userName pr */", 400, ""),
				hostile("filter", "userName eq \"x\u2019 OR \u20181\u2019=\u20191\"", 200, ""),
				hostile("filter", "userName eq \"x\uFF07 OR \uFF071\uFF07=\uFF071\"", 200, ""),
				hostile("filter", "userName eq \"\uFF41lice.smith@contoso.com\"", 200, ""),
				hostile("filter", ENTRA + ":employeeType eq \"$.employeeType ? (@ like_regex \\\".*\\\")\"", 200, ""),
				hostile("filter", ENTRA + ":otherMails co \"$[*]\"", 200, ""),
				hostile("filter", ENTRA + ":employeeType co \"\\\"}\"", 200, ""),
				hostile("filter", ENTRA + ":employeeType eq \"Contractor' ->> 'x\"", 200, ""),
				hostile("filter", "userName co \"\\\\\"", 200, ""),
				hostile("filter", "userName eq \"\\u0000\"", 400, ""),
				hostile("filter", "userName co \"\\u0000' OR 1=1\"", 400, ""),
				hostile("filter", ENTRA + ":employeeType eq \"x\\u0000\"", 400, ""),
				hostile("filter", "emails[type eq \"work\\u0000\"]", 400, ""),
				hostile("filter", "id eq \"00000000-0000-0000-0000-000000000000' OR '1'='1\"", 200, ""),
				hostile("filter", "meta.lastModified gt \"2000-01-01T00:00:00Z' OR 1=1 --\"", 400, ""),
				hostile("filter", "userName' OR '1'='1 eq \"x\"", 400, ""),
				hostile("filter", "userName eq \"x\" or 1 eq 1", 400, ""),
				hostile("filter", "userName;DROP TABLE scim_user eq \"x\"", 400, ""),
				hostile("filter", ENTERPRISE + ":department') OR true; -- eq \"x\"", 400, ""),
				hostile("filter", "name.givenName}' eq \"x\"", 400, ""),
				hostile("filter", "attributes->>'userName' eq \"x\"", 400, ""),
				hostile("sortBy", "userName; DROP TABLE scim_user", 400, ""), hostile("sortBy", "(SELECT 1)", 400, ""),
				hostile("sortBy", "lower(user_name)", 400, ""),
				hostile("sortBy", "userName DESC, (SELECT pg_sleep(5))", 400, ""),
				hostile("sortOrder", "ascending; DROP TABLE scim_user", 400, ""),
				hostile("count", "1; DROP TABLE scim_user", 400, ""), hostile("startIndex", "1 OR 1=1", 400, ""),
				hostile("cursor", "' OR 1=1 --", 400, ""), hostile("cursor", cursor("v1:0 OR 1=1"), 400, ""),
				hostile("cursor", cursor("v1:99999999999999999999"), 400, ""),
				hostile("cursor", cursor("v2:1"), 400, ""), hostile("cursor", cursor("v1:-1"), 400, ""));
	}

	private static Arguments hostile(String parameter, String value, int status, String expected) {
		return Arguments.of(parameter, value, status, keys(expected));
	}

	private static String cursor(String text) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	@ParameterizedTest(name = "{0}={1} → {2}")
	@MethodSource("hostileUserQueries")
	void hostileInputIsRefusedOrTreatedAsDataAndNeverLeaksRows(String parameter, String value, int status,
			Set<String> expected) {
		String paging = parameter.equals("count") ? "" : "count=1000&";
		ScimResponse response = this.scim.get("/Users?" + paging + parameter + "=" + q(resolve(value)));
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.contentType()).isEqualTo("application/scim+json");
		if (status == 200) {
			assertThat(userKeys(response)).isEqualTo(expected);
		}
		else {
			assertThat(response.body().get("scimType").asText()).isIn("invalidFilter", "invalidValue", "invalidCursor");
			assertThat(response.rawBody()).doesNotContain("PSQLException")
				.doesNotContain("org.postgresql")
				.doesNotContain("syntax error at or near")
				.doesNotContain("Internal server error");
		}
		assertThat(this.scim.get("/Users?count=0").body().get("totalResults").asInt()).as("the account's users")
			.isEqualTo(ALL_USERS.size());
	}

	Stream<Arguments> hostileProjections() {
		return Stream.of(Arguments.of("attributes", "userName,(SELECT token_hash FROM scim_credential)"),
				Arguments.of("attributes", "userName'--"), Arguments.of("attributes", "userName,meta.location');--"),
				Arguments.of("excludedAttributes", "id'--"), Arguments.of("excludedAttributes", "id,schemas"),
				Arguments.of("excludedAttributes", "*"), Arguments.of("attributes", "attributes"),
				Arguments.of("attributes", "userName,userName,[,],.,::"));
	}

	@ParameterizedTest(name = "{0}={1}")
	@MethodSource("hostileProjections")
	void hostileProjectionIsIgnoredAndKeepsIdAndSchemas(String parameter, String value) {
		ScimResponse response = this.scim.get("/Users?count=1000&" + parameter + "=" + q(value));
		assertThat(userKeys(response)).isEqualTo(new TreeSet<>(ALL_USERS));
		for (JsonNode resource : response.body().get("Resources")) {
			assertThat(resource.has("id")).isTrue();
			assertThat(resource.has("schemas")).isTrue();
			assertThat(resource.toString()).doesNotContain("token_hash");
		}
	}

	@Test
	void deeplyNestedFilterIsAnsweredOrRefusedButNever5xx() {
		for (int depth : new int[] { 50, 500, 1000, 2000 }) {
			String filter = "(".repeat(depth) + "userName eq \"ivan@contoso.com\"" + ")".repeat(depth);
			// through the search body: an encoded query string this long passes no HTTP
			// server's limit
			String body = ScimClient.mapper().createObjectNode().put("filter", filter).toString();
			assertNestedFilterAnswered(depth + " parentheses", this.scim.post("/Users/.search", body));
		}
		String nots = "not (".repeat(300) + "userName eq \"ivan@contoso.com\"" + ")".repeat(300);
		assertNestedFilterAnswered("301 nots, so ivan is not selected", list("/Users", "not (" + nots + ")", ""));
	}

	private void assertNestedFilterAnswered(String what, ScimResponse response) {
		assertThat(response.status()).as(what + ": " + response).isIn(200, 400);
		if (response.status() == 200) {
			Set<String> expected = what.startsWith("301 nots") ? allUsersExcept("ivan") : Set.of("ivan");
			assertThat(userKeys(response)).as(what).isEqualTo(expected);
		}
		else {
			assertThat(response.body().get("scimType").asText()).isEqualTo("invalidFilter");
		}
	}

	@Test
	void longOrChainWithinTheLimitIsAnswered() {
		StringBuilder filter = new StringBuilder("userName eq \"ivan@contoso.com\"");
		while (filter.length() < 3900) {
			filter.append(" or externalId eq \"nobody\"");
		}
		assertThat(userKeys(list("/Users", filter.toString(), ""))).containsExactly("ivan");
	}

	@Test
	void noFilterOfTheFirstAccountReturnsTheOtherAccountsResources() {
		// Values the second account's user shares with the first account.
		for (String filter : List.of("userName eq \"mallory@contoso.com\"", "externalId eq \"shared-ext\"",
				"emails.value eq \"alice.smith@contoso.com\"",
				"emails[type eq \"home\" and value eq \"heidi.home@contoso.com\"]",
				"id eq \"" + this.foreignIds.iterator().next() + "\"",
				"manager eq \"" + this.userIds.get("alice") + "\"", "userName pr", "active eq false",
				"roles[primary eq \"True\"]")) {
			userKeys(list("/Users", filter, ""));
		}
		for (String id : this.foreignIds) {
			assertThat(this.scim.get("/Users/" + id).status()).isEqualTo(404);
			assertThat(this.scim.get("/Groups/" + id).status()).isEqualTo(404);
			assertThat(userKeys(list("/Users", "id eq \"" + id + "\"", ""))).isEmpty();
			assertThat(groupNames(list("/Groups", "id eq \"" + id + "\"", ""))).isEmpty();
		}
		assertThat(groupNames(list("/Groups", "displayName eq \"Sales\"", ""))).containsExactly("Sales");
		assertThat(list("/Groups", "displayName eq \"Sales\"", "").body().at("/Resources/0/id").asText())
			.isEqualTo(this.groupIds.get("Sales"));
		// And the other way round: the second account sees only its own.
		ScimResponse theirs = this.otherTenant.get("/Users?filter=" + q("externalId eq \"shared-ext\""));
		assertThat(theirs.body().get("totalResults").asInt()).isEqualTo(1);
		assertThat(theirs.body().at("/Resources/0/userName").asText()).isEqualTo("mallory@contoso.com");
		ScimResponse probe = this.otherTenant.get("/Groups?excludedAttributes=members&filter="
				+ q("members[value eq \"" + this.userIds.get("alice") + "\"]"));
		assertThat(probe.body().get("totalResults").asInt()).isZero();
	}

}
