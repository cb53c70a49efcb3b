package app.provisioning.scim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static app.provisioning.support.ScimClient.q;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Account isolation under attack. Two accounts, A and B, hold look-alike directories: the
 * same userNames, externalIds, emails and group names, groups with members (A's include a
 * nested group), managers and enterprise attributes. B then replays A's ids, ETags,
 * filters, member ids, cursors and {@code .search} bodies against every SCIM endpoint. B
 * must always get 404 or a result made only of its own resources, never a 5xx and never a
 * byte of A's data; and after every attempt A's resources, versions and memberships are
 * exactly as they were, both over HTTP (as A) and in the store.
 * <p>
 * Every filter B sends is also sent as A, with the result A must get: a filter that
 * matched nothing for a reason other than isolation (a typo, an unsupported attribute)
 * fails the test instead of passing it.
 */
class AccountIsolationTest extends ScimIntegrationTest {

	private static final String CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User";

	private static final String CORE_GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";

	private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

	private static final String SEARCH_REQUEST = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

	private static final String LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

	/** Values only account A holds: none of them may ever reach B. */
	private static final List<String> A_ONLY_VALUES = List.of("Anders", "Bob Secretary-A", "Carol A-only",
			"carol.a-only@contoso.com", "carol.private@a-only.example", "A-only title", "A-Finance-Secret", "A-1001",
			"A-1002", "A-1003", "A-only Engineering", "grp-eng-a-only", "ext-carol-a-only");

	private ScimClient a;

	private ScimClient b;

	private String aAlice;

	private String aBob;

	private String aCarol;

	private String aSales;

	private String aEngineering;

	private String bAlice;

	private String bDave;

	private String bSales;

	private String bMarketing;

	/** A's resources as A read them right after setup, and A's rows in the store. */
	private Map<String, String> aBefore;

	// ------------------------------------------------------------------------------
	// fixture

	@BeforeEach
	void twoAccountsWithLookAlikeDirectories() {
		this.a = newTenant();
		this.b = newTenant();
		this.aBob = created(this.a, "/Users", user("bob@contoso.com", "ext-bob", "Bob Secretary-A", "bob@contoso.com",
				"A-only title Bob", "A-Finance-Secret", "A-1002", null, true));
		this.aAlice = created(this.a, "/Users", user("alice@contoso.com", "ext-alice", "Alice Anders",
				"alice@contoso.com", "A-only title Alice", "A-Finance-Secret", "A-1001", this.aBob, true));
		this.aCarol = created(this.a, "/Users",
				user("carol.a-only@contoso.com", "ext-carol-a-only", "Carol A-only", "carol.private@a-only.example",
						"A-only title Carol", "A-Finance-Secret", "A-1003", this.aAlice, false));
		this.aSales = created(this.a, "/Groups", group("Sales", "grp-sales", this.aAlice, this.aBob));
		this.aEngineering = created(this.a, "/Groups",
				group("A-only Engineering", "grp-eng-a-only", this.aCarol, this.aSales));
		// The same userName, externalId, email and group name in B: allowed, they are B's
		// own.
		this.bAlice = created(this.b, "/Users", user("alice@contoso.com", "ext-alice", "Alice in B",
				"alice@contoso.com", null, "B-Operations", "B-2001", null, true));
		this.bDave = created(this.b, "/Users", user("dave@fabrikam.com", "ext-bob", "Dave in B", "dave@fabrikam.com",
				null, "B-Operations", "B-2002", this.bAlice, true));
		this.bSales = created(this.b, "/Groups", group("Sales", "grp-sales", this.bAlice));
		this.bMarketing = created(this.b, "/Groups", group("Marketing", "grp-mkt", this.bDave, this.bAlice));
		this.aBefore = snapshotOfA();
	}

	// ------------------------------------------------------------------------------
	// tests

	@Test
	void identicalUserNamesExternalIdsAndGroupNamesAreAllowedInBothAccounts() {
		assertThat(Set.of(this.bAlice, this.bDave, this.bSales, this.bMarketing)).doesNotContainAnyElementsOf(aIds());
		JsonNode aliceInA = this.a.get("/Users/" + this.aAlice).body();
		JsonNode aliceInB = this.b.get("/Users/" + this.bAlice).body();
		assertThat(aliceInA.get("userName").asText()).isEqualTo(aliceInB.get("userName").asText());
		assertThat(aliceInA.get("externalId").asText()).isEqualTo(aliceInB.get("externalId").asText());
		assertThat(aliceInA.get("displayName").asText()).isEqualTo("Alice Anders");
		assertThat(aliceInB.get("displayName").asText()).isEqualTo("Alice in B");
		JsonNode salesInA = this.a.get("/Groups/" + this.aSales).body();
		JsonNode salesInB = this.b.get("/Groups/" + this.bSales).body();
		assertThat(salesInA.get("displayName").asText()).isEqualTo(salesInB.get("displayName").asText());
		assertThat(memberIds(salesInA)).containsExactlyInAnyOrder(this.aAlice, this.aBob);
		assertThat(memberIds(salesInB)).containsExactly(this.bAlice);
		// A second lookalike in B is still a uniqueness conflict inside B (409), not a
		// leak of A.
		ScimResponse duplicate = asB("POST", "/Users",
				user("alice@contoso.com", "ext-alice", "Again", "x@fabrikam.com", null, null, null, null, true));
		assertThat(duplicate.status()).isEqualTo(409);
		assertNoTraceOfA(duplicate, "duplicate userName in B");
		ScimResponse duplicateGroup = asB("POST", "/Groups", group("SALES", "other"));
		assertThat(duplicateGroup.status()).isEqualTo(409);
		assertNoTraceOfA(duplicateGroup, "duplicate group name in B");
		assertBHasExactly(Set.of(this.bAlice, this.bDave), Set.of(this.bSales, this.bMarketing));
		assertAccountAUnchanged();
	}

	@Test
	void otherAccountsUserIdIs404ForEveryMethod() {
		for (String id : List.of(this.aAlice, this.aBob, this.aCarol)) {
			String etag = this.a.get("/Users/" + id).header("ETag");
			assertThat(etag).as("A reads its own ETag").isNotBlank();
			for (String path : List.of("/Users/" + id, "/users/" + id, "/Users/" + id.toUpperCase(Locale.ROOT))) {
				attackOneResource(path, id, etag, userReplacement(), patchBody("""
						[{"op":"Replace","path":"displayName","value":"Taken over by B"},
						 {"op":"Replace","path":"active","value":"False"}]"""));
			}
			assertNotFound(asB("PATCH", "/Users/" + id + "?attributes=userName", patchBody("""
					[{"op":"Replace","value":{"displayName":"x","name.givenName":"y",
					  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department":"z"}}]""")),
					"path-less PATCH with attributes", id);
			assertNotFound(asB("PATCH", "/Users/" + id, patchBody("""
					[{"op":"Remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"}]""")),
					"remove manager", id);
			// An id of one type is no id of the other.
			assertNotFound(asB("GET", "/Groups/" + id, null), "user id on /Groups", id);
		}
		assertBHasExactly(Set.of(this.bAlice, this.bDave), Set.of(this.bSales, this.bMarketing));
		assertAccountAUnchanged();
	}

	@Test
	void otherAccountsGroupIdIs404ForEveryMethod() {
		for (String id : List.of(this.aSales, this.aEngineering)) {
			String etag = this.a.get("/Groups/" + id).header("ETag");
			assertThat(etag).as("A reads its own ETag").isNotBlank();
			for (String path : List.of("/Groups/" + id, "/groups/" + id, "/Groups/" + id.toUpperCase(Locale.ROOT))) {
				attackOneResource(path, id, etag, group("Taken over", "grp-sales"),
						patchBody("[{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\"Taken over\"}]"));
			}
			List<String> memberPatches = List.of(
					"[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"" + this.bAlice + "\"}]}]",
					"[{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":\"" + this.aAlice + "\"}]}]",
					"[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + this.aAlice + "\\\"]\"}]",
					"[{\"op\":\"Remove\",\"path\":\"members\"}]",
					"[{\"op\":\"Replace\",\"path\":\"members\",\"value\":[]}]",
					"[{\"op\":\"Replace\",\"path\":\"members\",\"value\":[{\"value\":\"" + this.aBob + "\"}]}]");
			for (String operations : memberPatches) {
				assertNotFound(asB("PATCH", "/Groups/" + id, patchBody(operations)), "member PATCH " + operations, id,
						this.aAlice, this.aBob);
				assertNotFound(asB("PATCH", "/Groups/" + id + "?attributes=members", patchBody(operations)),
						"member PATCH asking for members " + operations, id, this.aAlice, this.aBob);
			}
			assertNotFound(asB("PUT", "/Groups/" + id, group("Sales", "grp-sales", this.bAlice)), "PUT with B's member",
					id);
			assertNotFound(asB("GET", "/Groups/" + id + "?excludedAttributes=members", null), "GET excluding members",
					id);
			assertNotFound(asB("GET", "/Users/" + id, null), "group id on /Users", id);
		}
		assertBHasExactly(Set.of(this.bAlice, this.bDave), Set.of(this.bSales, this.bMarketing));
		assertThat(memberIds(this.b.get("/Groups/" + this.bSales).body())).containsExactly(this.bAlice);
		assertAccountAUnchanged();
	}

	@TestFactory
	Stream<DynamicTest> filtersOnOtherAccountsValuesFindOnlyTheCallersOwnResources() {
		List<FilterCase> cases = filterCases();
		List<DynamicTest> tests = new ArrayList<>();
		for (FilterCase filterCase : cases) {
			tests.add(DynamicTest.dynamicTest("A's own view: " + filterCase, () -> {
				ScimResponse asA = this.a.get(filterCase.endpoint() + "?count=1000&filter=" + q(filterCase.filter()));
				assertListOf(asA, filterCase.aSees(), "as A: " + filterCase);
			}));
			tests.add(DynamicTest.dynamicTest("B lists: " + filterCase, () -> {
				String projection = filterCase.endpoint().equals("/Groups") ? "&excludedAttributes=members" : "";
				ScimResponse list = asB("GET",
						filterCase.endpoint() + "?count=1000" + projection + "&filter=" + q(filterCase.filter()), null);
				assertListOf(list, filterCase.bSees(), "GET as B: " + filterCase);
				assertNoTraceOfA(list, "GET as B: " + filterCase);
				if (!projection.isEmpty()) {
					list.body().get("Resources").forEach((group) -> assertThat(group.has("members")).isFalse());
				}
			}));
			tests.add(DynamicTest.dynamicTest("B counts: " + filterCase, () -> {
				ScimResponse totals = asB("GET", filterCase.endpoint() + "?count=0&filter=" + q(filterCase.filter()),
						null);
				assertThat(totals.status()).as(totals.toString()).isEqualTo(200);
				assertThat(totals.body().get("totalResults").asLong()).as("count=0 as B: " + filterCase)
					.isEqualTo(filterCase.bSees().size());
				assertNoTraceOfA(totals, "count=0 as B: " + filterCase);
			}));
			tests.add(DynamicTest.dynamicTest("B searches: " + filterCase, () -> {
				ObjectNode body = searchBody(filterCase.filter());
				if (filterCase.endpoint().equals("/Groups")) {
					body.putArray("attributes").add("displayName").add("members");
				}
				ScimResponse search = asB("POST", filterCase.endpoint() + "/.search", body.toString());
				assertListOf(search, filterCase.bSees(), ".search as B: " + filterCase);
				assertNoTraceOfA(search, ".search as B: " + filterCase);
			}));
		}
		tests.add(DynamicTest.dynamicTest("A is unchanged after every filter B sent", this::assertAccountAUnchanged));
		return tests.stream();
	}

	@Test
	void listTotalsCountExactlyTheCallersOwnResources() {
		assertBHasExactly(Set.of(this.bAlice, this.bDave), Set.of(this.bSales, this.bMarketing));
		for (String endpoint : List.of("/Users", "/Groups")) {
			Set<String> bOwn = endpoint.equals("/Users") ? Set.of(this.bAlice, this.bDave)
					: Set.of(this.bSales, this.bMarketing);
			Set<String> aOwn = endpoint.equals("/Users") ? Set.of(this.aAlice, this.aBob, this.aCarol)
					: Set.of(this.aSales, this.aEngineering);
			for (String query : List.of("", "?count=0", "?startIndex=1&count=1000", "?aadOptscim062020",
					"?sortBy=displayName&sortOrder=descending", "?cursor=&count=1000")) {
				ScimResponse list = asB("GET", endpoint + query, null);
				assertThat(list.status()).as(list.toString()).isEqualTo(200);
				assertThat(list.body().get("totalResults").asLong()).as("B " + endpoint + query).isEqualTo(bOwn.size());
				if (!query.equals("?count=0")) {
					assertThat(ids(list)).as("B " + endpoint + query).containsExactlyInAnyOrderElementsOf(bOwn);
				}
				assertNoTraceOfA(list, "B " + endpoint + query);
				ScimResponse aList = this.a.get(endpoint + query);
				assertThat(aList.body().get("totalResults").asLong()).as("A " + endpoint + query)
					.isEqualTo(aOwn.size());
			}
			for (String body : List.of("{}", "{\"schemas\":[\"" + SEARCH_REQUEST + "\"]}",
					"{\"schemas\":[\"" + SEARCH_REQUEST + "\"],\"startIndex\":1,\"count\":0}",
					"{\"schemas\":[\"" + SEARCH_REQUEST + "\"],\"cursor\":\"\",\"count\":1000}")) {
				ScimResponse search = asB("POST", endpoint + "/.search", body);
				assertThat(search.status()).as(search.toString()).isEqualTo(200);
				assertThat(search.body().get("totalResults").asLong()).as("B .search " + body).isEqualTo(bOwn.size());
				assertThat(ids(search)).isSubsetOf(bOwn);
				assertNoTraceOfA(search, "B .search " + endpoint + " " + body);
			}
		}
		assertAccountAUnchanged();
	}

	@Test
	void indexPagingNeverReachesOtherAccountsResources() {
		for (String endpoint : List.of("/Users", "/Groups")) {
			Set<String> bOwn = endpoint.equals("/Users") ? Set.of(this.bAlice, this.bDave)
					: Set.of(this.bSales, this.bMarketing);
			int everyone = 5 + 4;
			Set<String> seen = new LinkedHashSet<>();
			for (int start = 1; start <= everyone + 2; start++) {
				for (String order : List.of("", "&sortBy=externalId",
						"&sortBy=meta.lastModified&sortOrder=descending")) {
					ScimResponse page = asB("GET", endpoint + "?count=1&startIndex=" + start + order, null);
					assertThat(page.status()).as(page.toString()).isEqualTo(200);
					assertThat(page.body().get("totalResults").asLong()).isEqualTo(bOwn.size());
					assertThat(page.body().get("itemsPerPage").asInt()).as("page " + start + order)
						.isEqualTo((start <= bOwn.size()) ? 1 : 0);
					assertThat(ids(page)).isSubsetOf(bOwn);
					assertNoTraceOfA(page, "page " + start + order);
					seen.addAll(ids(page));
				}
				ObjectNode body = searchBody(null).put("startIndex", start).put("count", 1);
				ScimResponse searched = asB("POST", endpoint + "/.search", body.toString());
				assertThat(searched.body().get("totalResults").asLong()).isEqualTo(bOwn.size());
				assertThat(ids(searched)).isSubsetOf(bOwn);
				assertNoTraceOfA(searched, ".search page " + start);
			}
			assertThat(seen).containsExactlyInAnyOrderElementsOf(bOwn);
			ScimResponse far = asB("GET", endpoint + "?startIndex=1000000&count=1000", null);
			assertThat(far.body().get("totalResults").asLong()).isEqualTo(bOwn.size());
			assertThat(ids(far)).isEmpty();
		}
		assertAccountAUnchanged();
	}

	@Test
	void cursorsObtainedByOtherAccountRevealNothingOfIt() {
		for (String endpoint : List.of("/Users", "/Groups")) {
			Set<String> aOwn = endpoint.equals("/Users") ? Set.of(this.aAlice, this.aBob, this.aCarol)
					: Set.of(this.aSales, this.aEngineering);
			Set<String> bOwn = endpoint.equals("/Users") ? Set.of(this.bAlice, this.bDave)
					: Set.of(this.bSales, this.bMarketing);
			// A walks its own list one resource at a time and keeps every cursor it is
			// given.
			List<String> aCursors = new ArrayList<>();
			Set<String> aSeen = new HashSet<>();
			String cursor = "";
			do {
				ScimResponse page = this.a.get(endpoint + "?count=1&cursor=" + q(cursor));
				assertThat(page.status()).as(page.toString()).isEqualTo(200);
				aSeen.addAll(ids(page));
				cursor = page.body().path("nextCursor").asText(null);
				if (cursor != null) {
					aCursors.add(cursor);
				}
			}
			while (cursor != null && aCursors.size() <= 10);
			assertThat(aSeen).as("A's own walk").containsExactlyInAnyOrderElementsOf(aOwn);
			assertThat(aCursors).as("A was given cursors").hasSize(aOwn.size() - 1);
			for (String aCursor : aCursors) {
				for (String filter : List.of("", "&filter=" + q("id eq \"" + aOwn.iterator().next() + "\""),
						"&filter=" + q("externalId pr"), "&excludedAttributes=members")) {
					ScimResponse replay = asB("GET", endpoint + "?count=1000&cursor=" + q(aCursor) + filter, null);
					assertThat(replay.status()).as(replay.toString()).isIn(200, 400);
					if (replay.status() == 200) {
						assertThat(replay.body().get("totalResults").asLong())
							.isEqualTo(filter.contains("id+eq") ? 0 : bOwn.size());
						assertThat(ids(replay)).isSubsetOf(bOwn);
					}
					assertNoTraceOfA(replay, "B replays A's cursor " + filter);
				}
				// B walks to the end from A's cursor: every page is B's.
				String next = aCursor;
				int pages = 0;
				while (next != null && pages++ < 10) {
					ScimResponse page = asB("GET", endpoint + "?count=1&cursor=" + q(next), null);
					assertThat(page.status()).as(page.toString()).isIn(200, 400);
					assertNoTraceOfA(page, "B walks from A's cursor");
					if (page.status() != 200) {
						break;
					}
					assertThat(ids(page)).isSubsetOf(bOwn);
					next = page.body().path("nextCursor").asText(null);
				}
				ObjectNode body = searchBody(null).put("cursor", aCursor).put("count", 1000);
				ScimResponse searched = asB("POST", endpoint + "/.search", body.toString());
				assertThat(searched.status()).as(searched.toString()).isIn(200, 400);
				if (searched.status() == 200) {
					assertThat(searched.body().get("totalResults").asLong()).isEqualTo(bOwn.size());
					assertThat(ids(searched)).isSubsetOf(bOwn);
				}
				assertNoTraceOfA(searched, "B's .search with A's cursor");
			}
			// And B's own cursor walk covers exactly B's resources.
			Set<String> bSeen = new HashSet<>();
			String bCursor = "";
			int pages = 0;
			do {
				ScimResponse page = asB("GET", endpoint + "?count=1&cursor=" + q(bCursor), null);
				assertThat(page.body().get("totalResults").asLong()).isEqualTo(bOwn.size());
				assertNoTraceOfA(page, "B's own cursor walk");
				bSeen.addAll(ids(page));
				bCursor = page.body().path("nextCursor").asText(null);
			}
			while (bCursor != null && pages++ < 10);
			assertThat(bSeen).containsExactlyInAnyOrderElementsOf(bOwn);
		}
		assertAccountAUnchanged();
	}

	@Test
	void attributeProjectionsNeverExposeOtherAccountsData() {
		List<String> userQueries = List.of("?attributes=userName,emails,externalId",
				"?attributes=" + q(ENTERPRISE + ":manager") + "," + q(ENTERPRISE + ":department"),
				"?attributes=" + q(ENTERPRISE), "?excludedAttributes=emails,name", "?attributes=groups",
				"?attributes=id&filter=" + q("userName eq \"alice@contoso.com\""),
				"?attributes=manager&filter=" + q("externalId eq \"ext-bob\""));
		for (String query : userQueries) {
			ScimResponse list = asB("GET", "/Users" + query, null);
			assertThat(list.status()).as(query + " " + list).isEqualTo(200);
			assertThat(ids(list)).isSubsetOf(this.bAlice, this.bDave).isNotEmpty();
			assertNoTraceOfA(list, "users " + query);
		}
		List<String> groupQueries = List.of("?attributes=members", "?attributes=members.value,displayName",
				"?attributes=members&filter=" + q("displayName eq \"Sales\""), "?excludedAttributes=displayName",
				"?attributes=externalId&filter=" + q("externalId eq \"grp-sales\""));
		for (String query : groupQueries) {
			ScimResponse list = asB("GET", "/Groups" + query, null);
			assertThat(list.status()).as(query + " " + list).isEqualTo(200);
			assertThat(ids(list)).isSubsetOf(this.bSales, this.bMarketing).isNotEmpty();
			for (JsonNode group : list.body().get("Resources")) {
				assertThat(memberIds(group)).isSubsetOf(this.bAlice, this.bDave);
			}
			assertNoTraceOfA(list, "groups " + query);
		}
		ScimResponse marketing = asB("GET", "/Groups/" + this.bMarketing + "?attributes=members", null);
		assertThat(memberIds(marketing.body())).containsExactlyInAnyOrder(this.bDave, this.bAlice);
		ObjectNode search = searchBody("displayName eq \"Sales\"");
		search.putArray("attributes").add("members").add("displayName");
		ScimResponse searched = asB("POST", "/Groups/.search", search.toString());
		assertThat(ids(searched)).containsExactly(this.bSales);
		assertThat(memberIds(searched.body().get("Resources").get(0))).containsExactly(this.bAlice);
		assertNoTraceOfA(searched, ".search with attributes=members");
		ObjectNode excluded = searchBody("userName eq \"alice@contoso.com\"");
		excluded.putArray("excludedAttributes").add("emails").add(ENTERPRISE);
		ScimResponse userSearch = asB("POST", "/Users/.search", excluded.toString());
		assertThat(ids(userSearch)).containsExactly(this.bAlice);
		assertNoTraceOfA(userSearch, ".search with excludedAttributes");
		assertNotFound(asB("GET", "/Users/" + this.aAlice + "?attributes=id", null), "projection on A's user",
				this.aAlice);
		assertNotFound(asB("GET", "/Users/" + this.aAlice + "?excludedAttributes=" + q(ENTERPRISE), null),
				"exclusion on A's user", this.aAlice);
		assertNotFound(asB("GET", "/Groups/" + this.aSales + "?attributes=members", null), "A's group members",
				this.aSales);
		assertAccountAUnchanged();
	}

	@Test
	void addingOtherAccountsUserOrGroupToOwnGroupIs400AndLeavesTheGroupUnchanged() {
		String salesBefore = state(this.b, "/Groups/" + this.bSales);
		List<String> operations = List.of(
				"[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"" + this.aAlice + "\"}]}]",
				"[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + this.bDave + "\"},{\"value\":\""
						+ this.aBob + "\"}]}]",
				"[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"" + this.aSales + "\"}]}]",
				"[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"" + this.aEngineering
						+ "\",\"type\":\"Group\"}]}]",
				"[{\"op\":\"Add\",\"value\":{\"members\":[{\"value\":\"" + this.aCarol + "\"}]}}]",
				"[{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\"Renamed\"},{\"op\":\"Add\",\"path\":\"members\","
						+ "\"value\":[{\"value\":\"" + this.aAlice.toUpperCase(Locale.ROOT) + "\"}]}]");
		for (String operation : operations) {
			for (String query : List.of("", "?attributes=members")) {
				ScimResponse response = asB("PATCH", "/Groups/" + this.bSales + query, patchBody(operation));
				assertThat(response.status()).as(operation + " -> " + response).isEqualTo(400);
				assertThat(response.body().path("scimType").asText()).isEqualTo("invalidValue");
				assertNoTraceOfA(response, "add A's member " + operation, this.aAlice, this.aBob, this.aCarol,
						this.aSales, this.aEngineering);
				assertThat(state(this.b, "/Groups/" + this.bSales)).as("B's group after " + operation)
					.isEqualTo(salesBefore);
			}
		}
		// Removing A's user from B's group is a no-op on B's group and touches nothing of
		// A.
		ScimResponse remove = asB("PATCH", "/Groups/" + this.bSales,
				patchBody("[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + this.aAlice + "\\\"]\"},"
						+ "{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":\"" + this.aBob + "\"}]}]"));
		assertThat(remove.status()).as(remove.toString()).isIn(200, 204);
		assertThat(memberIds(this.b.get("/Groups/" + this.bSales).body())).containsExactly(this.bAlice);
		assertMembershipRowsLinkOnlyOneAccount();
		assertAccountAUnchanged();
	}

	@Test
	void replacingOwnGroupMembersWithOtherAccountsIdsIs400AndLeavesTheGroupUnchanged() {
		String salesBefore = state(this.b, "/Groups/" + this.bSales);
		String marketingBefore = state(this.b, "/Groups/" + this.bMarketing);
		List<String> patches = List.of(
				"[{\"op\":\"Replace\",\"path\":\"members\",\"value\":[{\"value\":\"" + this.aAlice + "\"},{\"value\":\""
						+ this.aBob + "\"}]}]",
				"[{\"op\":\"Replace\",\"path\":\"members\",\"value\":[{\"value\":\"" + this.bDave + "\"},{\"value\":\""
						+ this.aCarol + "\"}]}]",
				"[{\"op\":\"Replace\",\"value\":{\"members\":[{\"value\":\"" + this.aAlice + "\"}]}}]",
				"[{\"op\":\"Remove\",\"path\":\"members\"},{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\""
						+ this.aAlice + "\"}]}]");
		for (String patch : patches) {
			ScimResponse response = asB("PATCH", "/Groups/" + this.bSales, patchBody(patch));
			assertThat(response.status()).as(patch + " -> " + response).isEqualTo(400);
			assertNoTraceOfA(response, "replace members " + patch, this.aAlice, this.aBob, this.aCarol);
			assertThat(state(this.b, "/Groups/" + this.bSales)).as("B's group after " + patch).isEqualTo(salesBefore);
		}
		for (String members : List.of(this.aAlice, this.bDave + "\"},{\"value\":\"" + this.aBob,
				this.aSales + "\",\"type\":\"Group")) {
			String body = "{\"schemas\":[\"" + CORE_GROUP
					+ "\"],\"displayName\":\"Marketing\",\"externalId\":\"grp-mkt\"," + "\"members\":[{\"value\":\""
					+ members + "\"}]}";
			ScimResponse put = asB("PUT", "/Groups/" + this.bMarketing, body);
			assertThat(put.status()).as(body + " -> " + put).isEqualTo(400);
			assertNoTraceOfA(put, "PUT members " + members, this.aAlice, this.aBob, this.aSales);
			assertThat(state(this.b, "/Groups/" + this.bMarketing)).as("B's group after PUT " + members)
				.isEqualTo(marketingBefore);
			// Creating a group with A's members fails as a whole: no half-created group.
			String create = "{\"schemas\":[\"" + CORE_GROUP + "\"],\"displayName\":\"Created with A's members\","
					+ "\"members\":[{\"value\":\"" + members + "\"}]}";
			ScimResponse post = asB("POST", "/Groups", create);
			assertThat(post.status()).as(create + " -> " + post).isEqualTo(400);
			assertNoTraceOfA(post, "POST members " + members, this.aAlice, this.aBob, this.aSales);
		}
		assertBHasExactly(Set.of(this.bAlice, this.bDave), Set.of(this.bSales, this.bMarketing));
		assertMembershipRowsLinkOnlyOneAccount();
		assertAccountAUnchanged();
	}

	@Test
	void settingManagerToOtherAccountsUserRevealsNothingOfIt() {
		String managerPath = ENTERPRISE + ":manager";
		List<String> operations = List.of(
				"[{\"op\":\"Add\",\"path\":\"" + managerPath + "\",\"value\":\"" + this.aBob + "\"}]",
				"[{\"op\":\"Replace\",\"path\":\"" + managerPath + "\",\"value\":{\"value\":\"" + this.aBob + "\"}}]",
				"[{\"op\":\"Replace\",\"path\":\"" + managerPath + "\",\"value\":[{\"value\":\"" + this.aAlice
						+ "\"}]}]",
				"[{\"op\":\"Replace\",\"value\":{\"" + managerPath + "\":\"" + this.aCarol + "\"}}]");
		for (String operation : operations) {
			for (String query : List.of("", "?attributes=" + q(managerPath) + ",userName")) {
				ScimResponse response = asB("PATCH", "/Users/" + this.bDave + query, patchBody(operation));
				assertThat(response.status()).as(operation + " -> " + response).isIn(200, 204, 400);
				assertNoTraceOfA(response, "manager " + operation, this.aAlice, this.aBob, this.aCarol);
				if (response.status() == 200) {
					assertManagerRevealsNothing(response.body());
				}
				ScimResponse read = asB("GET", "/Users/" + this.bDave, null);
				assertNoTraceOfA(read, "B's user after manager " + operation, this.aAlice, this.aBob, this.aCarol);
				assertManagerRevealsNothing(read.body());
				ScimResponse listed = asB("GET", "/Users?filter=" + q("userName eq \"dave@fabrikam.com\""), null);
				assertNoTraceOfA(listed, "list after manager " + operation, this.aAlice, this.aBob, this.aCarol);
				assertManagerRevealsNothing(listed.body().get("Resources").get(0));
			}
		}
		// Whatever B stored, a filter on the manager id still finds only B's users.
		ScimResponse byManager = asB("GET", "/Users?filter=" + q(managerPath + ".value eq \"" + this.aBob
				+ "\" or manager.value eq \"" + this.aAlice + "\" or manager.value eq \"" + this.aCarol + "\""), null);
		assertThat(byManager.status()).isEqualTo(200);
		assertThat(ids(byManager)).isSubsetOf(this.bDave);
		assertAccountAUnchanged();
	}

	@Test
	void idsInRequestBodiesNeverRedirectWritesToOtherAccountsResources() {
		String aliceBefore = state(this.b, "/Users/" + this.bAlice);
		ScimResponse createdUser = asB("POST", "/Users", "{\"schemas\":[\"" + CORE_USER + "\"],\"id\":\"" + this.aCarol
				+ "\",\"userName\":\"newcomer@fabrikam.com\"," + "\"meta\":{\"resourceType\":\"User\",\"location\":\""
				+ this.a.baseUrl() + "/Users/" + this.aCarol + "\",\"version\":\"W/\\\"1\\\"\"}}");
		assertThat(createdUser.status()).as(createdUser.toString()).isEqualTo(201);
		assertThat(createdUser.id()).isNotEqualTo(this.aCarol);
		assertNoTraceOfA(createdUser, "create with A's id");
		ScimResponse createdGroup = asB("POST", "/Groups",
				"{\"schemas\":[\"" + CORE_GROUP + "\"],\"id\":\"" + this.aEngineering
						+ "\",\"displayName\":\"Newcomers\",\"members\":[{\"value\":\"" + createdUser.id() + "\"}]}");
		assertThat(createdGroup.status()).as(createdGroup.toString()).isEqualTo(201);
		assertThat(createdGroup.id()).isNotEqualTo(this.aEngineering);
		assertNoTraceOfA(createdGroup, "create group with A's id");
		ScimResponse put = asB("PUT", "/Users/" + this.bAlice,
				"{\"schemas\":[\"" + CORE_USER + "\"],\"id\":\"" + this.aAlice
						+ "\",\"userName\":\"alice@contoso.com\","
						+ "\"externalId\":\"ext-alice\",\"displayName\":\"Alice renamed in B\",\"active\":true}");
		assertThat(put.status()).as(put.toString()).isEqualTo(200);
		assertThat(put.id()).isEqualTo(this.bAlice);
		assertThat(put.body().get("displayName").asText()).isEqualTo("Alice renamed in B");
		assertNoTraceOfA(put, "PUT with A's id");
		String aliceAfterPut = state(this.b, "/Users/" + this.bAlice);
		assertThat(aliceAfterPut).isNotEqualTo(aliceBefore);
		for (String operation : List.of("[{\"op\":\"Replace\",\"value\":{\"id\":\"" + this.aAlice + "\"}}]",
				"[{\"op\":\"Replace\",\"path\":\"id\",\"value\":\"" + this.aAlice + "\"}]",
				"[{\"op\":\"Replace\",\"path\":\"meta.location\",\"value\":\"" + this.a.baseUrl() + "/Users/"
						+ this.aAlice + "\"}]")) {
			ScimResponse patch = asB("PATCH", "/Users/" + this.bAlice, patchBody(operation));
			assertThat(patch.status()).as(operation + " -> " + patch).isIn(200, 204, 400);
			assertNoTraceOfA(patch, "PATCH " + operation, this.aAlice);
			if (patch.status() == 200) {
				assertThat(patch.id()).isEqualTo(this.bAlice);
			}
		}
		ScimResponse groupPatch = asB("PATCH", "/Groups/" + this.bSales,
				patchBody("[{\"op\":\"Replace\",\"path\":\"id\",\"value\":\"" + this.aSales + "\"}]"));
		assertThat(groupPatch.status()).as(groupPatch.toString()).isIn(204, 400);
		assertThat(this.b.get("/Groups/" + this.bSales).status()).isEqualTo(200);
		assertBHasExactly(Set.of(this.bAlice, this.bDave, createdUser.id()),
				Set.of(this.bSales, this.bMarketing, createdGroup.id()));
		assertAccountAUnchanged();
	}

	@Test
	void deletingOwnLookAlikesLeavesOtherAccountsResourcesAndMembershipsIntact() {
		assertThat(asB("DELETE", "/Users/" + this.bAlice, null).status()).isEqualTo(204);
		assertThat(asB("DELETE", "/Groups/" + this.bSales, null).status()).isEqualTo(204);
		assertThat(memberIds(this.b.get("/Groups/" + this.bMarketing).body())).containsExactly(this.bDave);
		assertBHasExactly(Set.of(this.bDave), Set.of(this.bMarketing));
		// B re-creates the look-alikes: still allowed, still separate.
		String again = created(this.b, "/Users", user("alice@contoso.com", "ext-alice", "Alice again in B",
				"alice@contoso.com", null, null, null, null, true));
		assertThat(again).isNotIn(aIds());
		assertThat(created(this.b, "/Groups", group("Sales", "grp-sales", again))).isNotIn(aIds());
		assertMembershipRowsLinkOnlyOneAccount();
		assertAccountAUnchanged();
	}

	@Test
	void accountComesFromTheTokenNeverFromTheUrlQueryOrHeaders() {
		String aAccount = this.a.accountId().toString();
		for (String query : List.of("?accountId=" + aAccount, "?account=" + aAccount + "&tenant=" + aAccount,
				"?aadOptscim062020&tenantId=" + aAccount)) {
			ScimResponse users = asB("GET", "/Users" + query, null);
			assertThat(users.status()).as(users.toString()).isEqualTo(200);
			assertThat(ids(users)).containsExactlyInAnyOrder(this.bAlice, this.bDave);
			assertNoTraceOfA(users, "query " + query);
		}
		for (String header : List.of("X-Account-Id", "X-Tenant-Id", "X-MS-Tenant-Id", "Tenant")) {
			ScimResponse groups = asB("GET", "/Groups", null, Map.of(header, aAccount));
			assertThat(groups.status()).as(header + " " + groups).isIn(200, 404);
			if (groups.status() == 200) {
				assertThat(ids(groups)).containsExactlyInAnyOrder(this.bSales, this.bMarketing);
			}
			assertNoTraceOfA(groups, "header " + header);
		}
		for (String path : List.of("/" + aAccount + "/Users", "/" + aAccount + "/Groups/" + this.aSales,
				"/Users/" + this.aAlice + "/..", "/.search")) {
			ScimResponse response = asB("GET", path, null);
			assertThat(response.status()).as(path + " " + response).isIn(200, 400, 404, 405);
			assertNoTraceOfA(response, "path " + path, this.aSales, this.aAlice, aAccount);
		}
		ScimResponse rootSearch = asB("POST", "/.search", searchBody("id eq \"" + this.aAlice + "\"").toString());
		assertThat(rootSearch.status()).isNotEqualTo(200);
		assertNoTraceOfA(rootSearch, "root .search", this.aAlice);
		ScimResponse anonymous = this.b.send("GET", "/Users/" + this.aAlice, null, Map.of("Authorization", ""));
		assertThat(anonymous.status()).isEqualTo(401);
		assertNoTraceOfA(anonymous, "no token", this.aAlice);
		ScimResponse mangled = this.b.send("GET", "/Users", null,
				Map.of("Authorization", "Bearer " + this.a.token() + "x"));
		assertThat(mangled.status()).isEqualTo(401);
		assertNoTraceOfA(mangled, "mangled token");
		assertAccountAUnchanged();
	}

	// ------------------------------------------------------------------------------
	// attacks

	/**
	 * Every method on one of A's resources, bare and with A's ETag, a wrong ETag and
	 * {@code *}.
	 */
	private void attackOneResource(String path, String id, String aEtag, String putBody, String patch) {
		List<Map<String, String>> readConditions = List.of(Map.of(), Map.of("If-None-Match", aEtag),
				Map.of("If-None-Match", "*"), Map.of("If-None-Match", "W/\"999\""));
		for (Map<String, String> headers : readConditions) {
			assertNotFound(asB("GET", path, null, headers), "GET " + path + " " + headers, id);
			assertNotFound(asB("GET", path + "?attributes=id", null, headers), "GET attributes=id " + headers, id);
			ScimResponse head = asB("HEAD", path, null, headers);
			assertThat(head.status()).as("HEAD " + path + " " + headers).isEqualTo(404);
			assertThat(head.header("ETag")).isNull();
		}
		List<Map<String, String>> writeConditions = List.of(Map.of(), Map.of("If-Match", aEtag),
				Map.of("If-Match", "*"), Map.of("If-Match", "W/\"999\""));
		for (Map<String, String> headers : writeConditions) {
			assertNotFound(asB("PUT", path, putBody, headers), "PUT " + path + " " + headers, id);
			assertNotFound(asB("PATCH", path, patch, headers), "PATCH " + path + " " + headers, id);
			assertNotFound(asB("PATCH", path + "?excludedAttributes=" + q("members"), patch, headers),
					"PATCH asking for a body " + headers, id);
		}
		for (Map<String, String> headers : writeConditions) {
			assertNotFound(asB("DELETE", path, null, headers), "DELETE " + path + " " + headers, id);
		}
	}

	private ScimResponse asB(String method, String path, String body) {
		return asB(method, path, body, Map.of());
	}

	/** B's request; a 5xx is a failure whatever the request. */
	private ScimResponse asB(String method, String path, String body, Map<String, String> headers) {
		ScimResponse response = this.b.send(method, path, body, headers);
		assertThat(response.status()).as("B: " + method + " " + path + " " + headers + " -> " + response)
			.isLessThan(500);
		return response;
	}

	private void assertNotFound(ScimResponse response, String what, String... sentIds) {
		assertThat(response.status()).as(what + " -> " + response).isEqualTo(404);
		assertThat(response.header("ETag")).as(what + ": no ETag of A's resource").isNull();
		assertThat(response.header("Location")).as(what + ": no Location").isNull();
		assertThat(response.body()).as(what + ": a SCIM error body").isNotNull();
		assertThat(response.body().path("status").asText()).isEqualTo("404");
		assertNoTraceOfA(response, what, sentIds);
	}

	/**
	 * Nothing of A in the response: none of A's ids and not A's account id (except what B
	 * itself sent, which an error may quote), none of A's values. The request id is left
	 * out: it is a random UUID, which now and then holds a value such as "a-1001" by
	 * chance.
	 */
	private void assertNoTraceOfA(ScimResponse response, String what, String... sentIds) {
		Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		headers.putAll(response.headers().map());
		headers.remove("X-Request-Id");
		String everything = ((response.rawBody() != null) ? response.rawBody() : "") + " " + headers;
		String lower = everything.toLowerCase(Locale.ROOT);
		Set<String> allowed = new HashSet<>(Arrays.asList(sentIds));
		for (String id : aIds()) {
			if (!allowed.contains(id)) {
				assertThat(lower).as(what + ": A's id " + id + " in " + everything)
					.doesNotContain(id.toLowerCase(Locale.ROOT));
			}
		}
		for (String value : A_ONLY_VALUES) {
			assertThat(lower).as(what + ": A's value '" + value + "' in " + everything)
				.doesNotContain(value.toLowerCase(Locale.ROOT));
		}
		if (!allowed.contains(this.a.accountId().toString())) {
			assertThat(lower).as(what + ": A's account id").doesNotContain(this.a.accountId().toString());
		}
	}

	private void assertListOf(ScimResponse response, Set<String> expected, String what) {
		assertThat(response.status()).as(what + " -> " + response).isEqualTo(200);
		assertThat(response.body().get("schemas").get(0).asText()).isEqualTo(LIST_RESPONSE);
		assertThat(response.body().get("totalResults").asLong()).as(what + " totalResults " + response)
			.isEqualTo(expected.size());
		assertThat(ids(response)).as(what + " ids").containsExactlyInAnyOrderElementsOf(expected);
	}

	/**
	 * B's manager value stays a bare reference: no displayName, userName or other data of
	 * the target.
	 */
	private void assertManagerRevealsNothing(JsonNode user) {
		JsonNode manager = user.path(ENTERPRISE).path("manager");
		if (manager.isMissingNode() || manager.isNull()) {
			return;
		}
		assertThat(manager.isObject()).as("manager is an object: " + manager).isTrue();
		List<String> names = new ArrayList<>();
		manager.fieldNames().forEachRemaining(names::add);
		assertThat(names).as("manager of B's user: " + manager).isSubsetOf("value", "$ref");
	}

	private void assertBHasExactly(Set<String> users, Set<String> groups) {
		ScimResponse userList = this.b.get("/Users?count=1000");
		assertThat(userList.body().get("totalResults").asLong()).as("B's users " + userList).isEqualTo(users.size());
		assertThat(ids(userList)).containsExactlyInAnyOrderElementsOf(users);
		ScimResponse groupList = this.b.get("/Groups?count=1000");
		assertThat(groupList.body().get("totalResults").asLong()).as("B's groups " + groupList)
			.isEqualTo(groups.size());
		assertThat(ids(groupList)).containsExactlyInAnyOrderElementsOf(groups);
		assertNoTraceOfA(userList, "B's user list");
		assertNoTraceOfA(groupList, "B's group list");
	}

	// ------------------------------------------------------------------------------ A
	// unchanged

	/**
	 * A's resources byte for byte (ETag and meta.version included), its lists, and its
	 * rows in the store.
	 */
	private Map<String, String> snapshotOfA() {
		Map<String, String> snapshot = new LinkedHashMap<>();
		for (String id : List.of(this.aAlice, this.aBob, this.aCarol)) {
			snapshot.put("GET /Users/" + id, state(this.a, "/Users/" + id));
		}
		for (String id : List.of(this.aSales, this.aEngineering)) {
			snapshot.put("GET /Groups/" + id, state(this.a, "/Groups/" + id));
		}
		snapshot.put("GET /Users", state(this.a, "/Users?count=1000"));
		snapshot.put("GET /Groups", state(this.a, "/Groups?count=1000"));
		Object account = this.a.accountId();
		snapshot.put("scim_user rows", String.join("\n", this.jdbcTemplate.queryForList(
				"SELECT id::text || '|' || version || '|' || last_modified::text || '|' || coalesce(deleted_at::text, '-')"
						+ " || '|' || user_name || '|' || coalesce(external_id, '-') || '|' || attributes::text"
						+ " FROM scim_user WHERE account_id = ? ORDER BY id",
				String.class, account)));
		snapshot.put("scim_group rows", String.join("\n", this.jdbcTemplate.queryForList(
				"SELECT id::text || '|' || version || '|' || last_modified::text || '|' || coalesce(deleted_at::text, '-')"
						+ " || '|' || display_name || '|' || attributes::text FROM scim_group WHERE account_id = ? ORDER BY id",
				String.class, account)));
		// Every membership row that touches A: in A's groups, naming A's resources, or
		// filed under A.
		snapshot.put("scim_group_member rows", String.join("\n", this.jdbcTemplate.queryForList(
				"SELECT group_id::text || '|' || member_id::text || '|' || member_type || '|' || account_id::text || '|'"
						+ " || added_at::text FROM scim_group_member WHERE account_id = ?"
						+ " OR group_id IN (SELECT id FROM scim_group WHERE account_id = ?)"
						+ " OR member_id IN (SELECT id FROM scim_user WHERE account_id = ?"
						+ " UNION ALL SELECT id FROM scim_group WHERE account_id = ?) ORDER BY group_id, member_id",
				String.class, account, account, account, account)));
		return snapshot;
	}

	private void assertAccountAUnchanged() {
		Map<String, String> now = snapshotOfA();
		for (Map.Entry<String, String> before : this.aBefore.entrySet()) {
			assertThat(now.get(before.getKey())).as("A's " + before.getKey() + " after B's attempts")
				.isEqualTo(before.getValue());
		}
		assertThat(memberIds(this.a.get("/Groups/" + this.aSales).body())).containsExactlyInAnyOrder(this.aAlice,
				this.aBob);
		assertThat(memberIds(this.a.get("/Groups/" + this.aEngineering).body())).containsExactlyInAnyOrder(this.aCarol,
				this.aSales);
		ScimResponse probe = this.a.get("/Groups?excludedAttributes=members&filter="
				+ q("id eq \"" + this.aSales + "\" and members[value eq \"" + this.aAlice + "\"]"));
		assertThat(probe.body().get("totalResults").asLong()).as("A's membership probe").isEqualTo(1);
		JsonNode alice = this.a.get("/Users/" + this.aAlice).body();
		assertThat(alice.path(ENTERPRISE).path("manager").path("value").asText()).isEqualTo(this.aBob);
		assertThat(alice.get("displayName").asText()).isEqualTo("Alice Anders");
		assertMembershipRowsLinkOnlyOneAccount();
	}

	/** No membership row of A or B links a group to a member of another account. */
	private void assertMembershipRowsLinkOnlyOneAccount() {
		Object a = this.a.accountId();
		Object b = this.b.accountId();
		List<String> crossing = this.jdbcTemplate.queryForList(
				"SELECT m.group_id::text || ' -> ' || m.member_id::text FROM scim_group_member m"
						+ " LEFT JOIN scim_group g ON g.id = m.group_id LEFT JOIN scim_user u ON u.id = m.member_id"
						+ " LEFT JOIN scim_group mg ON mg.id = m.member_id"
						+ " WHERE (m.account_id IN (?, ?) OR g.account_id IN (?, ?) OR u.account_id IN (?, ?)"
						+ " OR mg.account_id IN (?, ?)) AND (g.account_id IS DISTINCT FROM m.account_id"
						+ " OR coalesce(u.account_id, mg.account_id) IS DISTINCT FROM m.account_id)",
				String.class, a, b, a, b, a, b, a, b);
		assertThat(crossing).as("membership rows crossing accounts").isEmpty();
	}

	// ------------------------------------------------------------------------------
	// filters

	private record FilterCase(String endpoint, String filter, Set<String> bSees, Set<String> aSees) {

		@Override
		public String toString() {
			return this.endpoint + " filter=" + this.filter;
		}

	}

	private List<FilterCase> filterCases() {
		Set<String> bUsers = Set.of(this.bAlice, this.bDave);
		Set<String> aUsers = Set.of(this.aAlice, this.aBob, this.aCarol);
		Set<String> bGroups = Set.of(this.bSales, this.bMarketing);
		Set<String> aGroups = Set.of(this.aSales, this.aEngineering);
		String aliceModified = this.a.get("/Users/" + this.aAlice).body().at("/meta/lastModified").asText();
		String carolCreated = this.a.get("/Users/" + this.aCarol).body().at("/meta/created").asText();
		String salesModified = this.a.get("/Groups/" + this.aSales).body().at("/meta/lastModified").asText();
		List<FilterCase> cases = new ArrayList<>();
		// Users: A's ids and A-only values find nothing in B; shared values find B's own
		// look-alike.
		users(cases, "id eq \"" + this.aAlice + "\"", Set.of(), Set.of(this.aAlice));
		users(cases, "id eq \"" + this.aAlice.toUpperCase(Locale.ROOT) + "\"", Set.of(), Set.of(this.aAlice));
		users(cases, "id eq \"" + this.aAlice + "\" or id eq \"" + this.aBob + "\"", Set.of(),
				Set.of(this.aAlice, this.aBob));
		users(cases, "id co \"" + this.aCarol.substring(0, 13) + "\"", Set.of(), Set.of(this.aCarol));
		users(cases, "userName eq \"carol.a-only@contoso.com\"", Set.of(), Set.of(this.aCarol));
		users(cases, "userName eq \"alice@contoso.com\"", Set.of(this.bAlice), Set.of(this.aAlice));
		users(cases, "userName sw \"carol\"", Set.of(), Set.of(this.aCarol));
		users(cases, "userName co \"a-only\"", Set.of(), Set.of(this.aCarol));
		users(cases, "externalId eq \"ext-carol-a-only\"", Set.of(), Set.of(this.aCarol));
		users(cases, "externalId eq \"ext-alice\"", Set.of(this.bAlice), Set.of(this.aAlice));
		users(cases, "externalId eq \"ext-bob\"", Set.of(this.bDave), Set.of(this.aBob));
		users(cases, "emails.value eq \"carol.private@a-only.example\"", Set.of(), Set.of(this.aCarol));
		users(cases, "emails[type eq \"work\" and value eq \"carol.private@a-only.example\"]", Set.of(),
				Set.of(this.aCarol));
		users(cases, "emails[type eq \"work\"].value eq \"carol.private@a-only.example\"", Set.of(),
				Set.of(this.aCarol));
		users(cases, "emails.value eq \"alice@contoso.com\"", Set.of(this.bAlice), Set.of(this.aAlice));
		users(cases, "displayName co \"Anders\"", Set.of(), Set.of(this.aAlice));
		users(cases, "title pr", Set.of(), aUsers);
		users(cases, "active eq false", Set.of(), Set.of(this.aCarol));
		users(cases, "active eq \"False\" or externalId eq \"ext-carol-a-only\"", Set.of(), Set.of(this.aCarol));
		users(cases, ENTERPRISE + ":department eq \"A-Finance-Secret\"", Set.of(), aUsers);
		users(cases, ENTERPRISE + ":employeeNumber sw \"A-\"", Set.of(), aUsers);
		users(cases, ENTERPRISE + ":manager.value eq \"" + this.aBob + "\"", Set.of(), Set.of(this.aAlice));
		users(cases, "manager.value eq \"" + this.aAlice + "\"", Set.of(), Set.of(this.aCarol));
		users(cases, "meta.lastModified eq \"" + aliceModified + "\"", Set.of(), Set.of(this.aAlice));
		users(cases, "meta.created eq \"" + carolCreated + "\"", Set.of(), Set.of(this.aCarol));
		users(cases, "meta.lastModified gt \"2000-01-01T00:00:00Z\"", bUsers, aUsers);
		users(cases, "meta.created lt \"2999-01-01T00:00:00Z\" and meta.lastModified pr", bUsers, aUsers);
		// Tricks that match "everything": still only the caller's own resources.
		users(cases, "userName pr", bUsers, aUsers);
		users(cases, "not (userName eq \"x\")", bUsers, aUsers);
		users(cases, "id ne \"x\"", bUsers, aUsers);
		users(cases, "id ne \"" + this.aAlice + "\"", bUsers, Set.of(this.aBob, this.aCarol));
		users(cases, "not (id eq \"" + this.aAlice + "\")", bUsers, Set.of(this.aBob, this.aCarol));
		users(cases, "id eq \"" + this.aAlice + "\" or userName pr", bUsers, aUsers);
		users(cases, "(id eq \"" + this.aAlice + "\") or not (id pr)", Set.of(), Set.of(this.aAlice));
		users(cases, "userName eq \"x\" or not (userName eq \"y\" and id eq \"" + this.aAlice + "\")", bUsers, aUsers);
		users(cases, "emails[not (value eq \"x\")]", bUsers, aUsers);
		// Groups.
		groups(cases, "id eq \"" + this.aSales + "\"", Set.of(), Set.of(this.aSales));
		groups(cases, "displayName eq \"A-only Engineering\"", Set.of(), Set.of(this.aEngineering));
		groups(cases, "displayName co \"A-only\"", Set.of(), Set.of(this.aEngineering));
		groups(cases, "displayName eq \"Sales\"", Set.of(this.bSales), Set.of(this.aSales));
		groups(cases, "externalId eq \"grp-eng-a-only\"", Set.of(), Set.of(this.aEngineering));
		groups(cases, "externalId eq \"grp-sales\"", Set.of(this.bSales), Set.of(this.aSales));
		groups(cases, "members[value eq \"" + this.aAlice + "\"]", Set.of(), Set.of(this.aSales));
		groups(cases, "members.value eq \"" + this.aAlice + "\"", Set.of(), Set.of(this.aSales));
		groups(cases, "members[value eq \"" + this.aAlice + "\" or value eq \"" + this.aCarol + "\"]", Set.of(),
				aGroups);
		groups(cases, "members[value eq \"" + this.aSales + "\"]", Set.of(), Set.of(this.aEngineering));
		groups(cases, "members[type eq \"Group\"]", Set.of(), Set.of(this.aEngineering));
		// Entra's membership probe with A's group and A's user, and with B's group and
		// A's user.
		groups(cases, "id eq \"" + this.aSales + "\" and members[value eq \"" + this.aAlice + "\"]", Set.of(),
				Set.of(this.aSales));
		groups(cases, "id eq \"" + this.bSales + "\" and members[value eq \"" + this.aAlice + "\"]", Set.of(),
				Set.of());
		groups(cases, "id eq \"" + this.bSales + "\" and members[value eq \"" + this.bAlice + "\"]",
				Set.of(this.bSales), Set.of());
		groups(cases, "members[value eq \"" + this.bAlice + "\"]", bGroups, Set.of());
		groups(cases, "members pr", bGroups, aGroups);
		groups(cases, "not (members[value eq \"" + this.aAlice + "\"])", bGroups, Set.of(this.aEngineering));
		groups(cases, "displayName pr", bGroups, aGroups);
		groups(cases, "id ne \"x\"", bGroups, aGroups);
		groups(cases, "not (displayName eq \"x\")", bGroups, aGroups);
		groups(cases, "id eq \"" + this.aSales + "\" or displayName pr", bGroups, aGroups);
		groups(cases, "meta.lastModified eq \"" + salesModified + "\"", Set.of(), Set.of(this.aSales));
		groups(cases, "meta.lastModified gt \"2000-01-01T00:00:00Z\"", bGroups, aGroups);
		return cases;
	}

	private static void users(List<FilterCase> cases, String filter, Set<String> bSees, Set<String> aSees) {
		cases.add(new FilterCase("/Users", filter, bSees, aSees));
	}

	private static void groups(List<FilterCase> cases, String filter, Set<String> bSees, Set<String> aSees) {
		cases.add(new FilterCase("/Groups", filter, bSees, aSees));
	}

	// ------------------------------------------------------------------------------
	// helpers

	private Set<String> aIds() {
		return Set.of(this.aAlice, this.aBob, this.aCarol, this.aSales, this.aEngineering);
	}

	private static String created(ScimClient client, String endpoint, String body) {
		ScimResponse response = client.post(endpoint, body);
		assertThat(response.status()).as("POST " + endpoint + " " + body + " -> " + response).isEqualTo(201);
		return response.id();
	}

	/**
	 * Status, ETag and the exact response body: equal strings mean byte-for-byte equal
	 * resources.
	 */
	private static String state(ScimClient client, String path) {
		ScimResponse response = client.get(path);
		assertThat(response.status()).as("GET " + path + " -> " + response).isEqualTo(200);
		return response.status() + "\n" + response.header("ETag") + "\n" + response.rawBody();
	}

	private static List<String> ids(ScimResponse list) {
		List<String> ids = new ArrayList<>();
		JsonNode resources = list.body().get("Resources");
		if (resources != null) {
			resources.forEach((resource) -> ids.add(resource.get("id").asText()));
		}
		return ids;
	}

	private static List<String> memberIds(JsonNode group) {
		List<String> ids = new ArrayList<>();
		if (group.has("members")) {
			group.get("members").forEach((member) -> ids.add(member.get("value").asText()));
		}
		return ids;
	}

	private static ObjectNode searchBody(String filter) {
		ObjectNode body = ScimClient.mapper().createObjectNode();
		body.putArray("schemas").add(SEARCH_REQUEST);
		if (filter != null) {
			body.put("filter", filter);
		}
		body.put("startIndex", 1).put("count", 1000);
		return body;
	}

	private String userReplacement() {
		return user("alice@contoso.com", "ext-alice", "Replaced by B", "alice@contoso.com", null, "B-Operations", null,
				this.bDave, true);
	}

	/** An Entra-shaped user with the enterprise extension; null values are left out. */
	private static String user(String userName, String externalId, String displayName, String email, String title,
			String department, String employeeNumber, String managerId, boolean active) {
		ObjectNode user = ScimClient.mapper().createObjectNode();
		user.putArray("schemas").add(CORE_USER).add(ENTERPRISE);
		user.put("externalId", externalId);
		user.put("userName", userName);
		user.put("active", active);
		user.put("displayName", displayName);
		String[] names = displayName.split(" ", 2);
		user.putObject("name").put("givenName", names[0]).put("familyName", (names.length > 1) ? names[1] : names[0]);
		ArrayNode emails = user.putArray("emails");
		emails.addObject().put("primary", true).put("type", "work").put("value", email);
		if (title != null) {
			user.put("title", title);
		}
		ObjectNode enterprise = user.putObject(ENTERPRISE);
		if (department != null) {
			enterprise.put("department", department);
		}
		if (employeeNumber != null) {
			enterprise.put("employeeNumber", employeeNumber);
		}
		if (managerId != null) {
			enterprise.putObject("manager").put("value", managerId);
		}
		return user.toString();
	}

	private static String group(String displayName, String externalId, String... memberIds) {
		ObjectNode group = ScimClient.mapper().createObjectNode();
		group.putArray("schemas").add(CORE_GROUP);
		group.put("displayName", displayName);
		group.put("externalId", externalId);
		ArrayNode members = group.putArray("members");
		for (String id : memberIds) {
			members.addObject().put("value", id);
		}
		return group.toString();
	}

}
