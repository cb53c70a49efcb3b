package app.provisioning.scim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static app.provisioning.support.ScimClient.q;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Index paging, sorting and projections (RFC 7644 §3.4.2.3–3.4.2.5, §3.4.3) and cursor
 * paging (RFC 9865) over one account of 25 users, created in an order unrelated to their
 * names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListPagingTest extends ScimIntegrationTest {

	private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

	private static final String SEARCH_REQUEST = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

	/**
	 * Creation order; letter case varies on purpose. Every word starts with its own
	 * letter.
	 */
	private static final List<String> LOCAL_PARTS = List.of("mike", "alfa", "Yankee", "DELTA", "kilo", "bravo",
			"Sierra", "echo", "quebec", "GOLF", "tango", "charlie", "Xray", "lima", "uniform", "Hotel", "november",
			"papa", "foxtrot", "india", "Romeo", "whiskey", "juliett", "OSCAR", "victor");

	private ScimClient scim;

	/** The users as created, in creation order. */
	private final List<Person> people = new ArrayList<>();

	record Person(String id, String userName, String familyName, String employeeNumber, boolean active) {

	}

	@BeforeAll
	void provisionTwentyFiveUsers() {
		this.scim = newTenant();
		for (int i = 0; i < LOCAL_PARTS.size(); i++) {
			String word = LOCAL_PARTS.get(i);
			String userName = word + "@Paging.example";
			// Every sixth user has no family name: such users sort last in both
			// directions.
			String familyName = (i % 6 == 5) ? null : Character.toUpperCase(word.charAt(word.length() - 1))
					+ new StringBuilder(word.toLowerCase(Locale.ROOT)).reverse().substring(1);
			String employeeNumber = "E" + (100 + (i * 7) % 25);
			boolean active = i % 4 != 3;
			ObjectNode body = ScimClient.mapper().createObjectNode();
			body.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:User").add(ENTERPRISE);
			body.put("userName", userName).put("active", active).put("displayName", word);
			ObjectNode name = body.putObject("name").put("givenName", word);
			if (familyName != null) {
				name.put("familyName", familyName);
			}
			body.putArray("emails")
				.addObject()
				.put("type", "work")
				.put("value", word.toLowerCase(Locale.ROOT) + "@paging.example");
			body.putObject(ENTERPRISE).put("employeeNumber", employeeNumber).put("department", "Dept " + (i % 3));
			ScimResponse created = this.scim.post("/Users", body.toString());
			assertThat(created.status()).as(created.toString()).isEqualTo(201);
			this.people.add(new Person(created.id(), userName, familyName, employeeNumber, active));
		}
	}

	private static List<String> ids(ScimResponse response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		List<String> ids = new ArrayList<>();
		response.body().path("Resources").forEach((resource) -> ids.add(resource.get("id").asText()));
		return ids;
	}

	private List<String> idsOf(List<Person> people) {
		return people.stream().map(Person::id).toList();
	}

	private List<String> allIds() {
		return idsOf(this.people);
	}

	private List<Person> sorted(Comparator<Person> order) {
		return this.people.stream().sorted(order).toList();
	}

	/**
	 * Nulls last in both directions, ties in creation order: what the server promises.
	 */
	private List<Person> sortedBy(Function<Person, String> key, boolean descending) {
		Comparator<String> values = descending ? Comparator.reverseOrder() : Comparator.naturalOrder();
		Comparator<Person> order = Comparator.comparing(
				(Person p) -> (key.apply(p) != null) ? key.apply(p).toLowerCase(Locale.ROOT) : null,
				Comparator.nullsLast(values));
		return this.people.stream().sorted(order.thenComparing((Person p) -> this.people.indexOf(p))).toList();
	}

	private int maxPageSize() {
		int max = this.scim.get("/ServiceProviderConfig").body().at("/pagination/maxPageSize").asInt();
		assertThat(max).as("ServiceProviderConfig pagination.maxPageSize").isPositive();
		return max;
	}

	private static String cursor(String text) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	// ---------------------------------------------------------------- index paging

	@Test
	void indexPagesCoverEveryUserOnceInAStableOrder() {
		List<String> onePage = ids(this.scim.get("/Users?count=100"));
		assertThat(onePage).containsExactlyInAnyOrderElementsOf(allIds());
		List<String> paged = new ArrayList<>();
		for (int start = 1; start <= 25; start += 10) {
			ScimResponse page = this.scim.get("/Users?startIndex=" + start + "&count=10");
			assertThat(page.body().get("totalResults").asInt()).isEqualTo(25);
			assertThat(page.body().get("startIndex").asInt()).isEqualTo(start);
			assertThat(page.body().get("itemsPerPage").asInt()).isEqualTo(Math.min(10, 26 - start));
			assertThat(page.body().get("schemas").get(0).asText())
				.isEqualTo("urn:ietf:params:scim:api:messages:2.0:ListResponse");
			paged.addAll(ids(page));
			if (start == 1) {
				// A change to a user already seen must not move it into a later page.
				String seen = ids(page).get(3);
				assertThat(this.scim
					.patch("/Users/" + seen,
							patchBody("[{\"op\":\"Replace\",\"path\":\"nickName\",\"value\":\"seen\"}]"))
					.status()).isIn(200, 204);
			}
		}
		assertThat(paged).doesNotHaveDuplicates().isEqualTo(onePage);
		assertThat(ids(this.scim.get("/Users?count=100"))).as("same order on every request").isEqualTo(onePage);
	}

	@Test
	void defaultListAnswersStartIndexOneAndDefaultPageSize() {
		ScimResponse response = this.scim.get("/Users");
		int defaultPageSize = this.scim.get("/ServiceProviderConfig").body().at("/pagination/defaultPageSize").asInt();
		assertThat(response.body().get("startIndex").asInt()).isEqualTo(1);
		assertThat(response.body().get("totalResults").asInt()).isEqualTo(25);
		assertThat(response.body().get("itemsPerPage").asInt()).isEqualTo(Math.min(25, defaultPageSize));
	}

	@Test
	void pageBeyondTheLastIsEmptyButKeepsTotals() {
		ScimResponse response = this.scim.get("/Users?startIndex=26&count=10");
		assertThat(ids(response)).isEmpty();
		assertThat(response.body().get("totalResults").asInt()).isEqualTo(25);
		assertThat(response.body().get("itemsPerPage").asInt()).isZero();
		assertThat(response.body().get("startIndex").asInt()).isEqualTo(26);
		ScimResponse far = this.scim.get("/Users?startIndex=2147483647&count=10");
		assertThat(ids(far)).isEmpty();
		assertThat(far.body().get("totalResults").asInt()).isEqualTo(25);
	}

	@ParameterizedTest(name = "count={0}")
	@ValueSource(strings = { "0", "-1", "-100" })
	void countOfZeroOrBelowReturnsTotalsOnly(String count) {
		ScimResponse response = this.scim.get("/Users?count=" + count);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body().get("totalResults").asInt()).isEqualTo(25);
		assertThat(response.body().get("itemsPerPage").asInt()).isZero();
		assertThat(response.body().path("Resources").size()).isZero();
		ScimResponse filtered = this.scim.get("/Users?count=" + count + "&filter=" + q("active eq false"));
		assertThat(filtered.body().get("totalResults").asInt())
			.isEqualTo((int) this.people.stream().filter((p) -> !p.active()).count());
	}

	@ParameterizedTest(name = "startIndex={0}")
	@ValueSource(strings = { "0", "-1", "-2147483648" })
	void startIndexBelowOneIsTreatedAsOne(String startIndex) {
		ScimResponse response = this.scim.get("/Users?startIndex=" + startIndex + "&count=5");
		assertThat(response.body().get("startIndex").asInt()).isEqualTo(1);
		assertThat(ids(response)).isEqualTo(ids(this.scim.get("/Users?startIndex=1&count=5")));
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource({ "count,ten", "count,1.5", "startIndex,first", "startIndex,1e3" })
	void nonIntegerPagingParameterIs400InvalidValueNamingIt(String parameter, String value) {
		ScimResponse response = this.scim.get("/Users?" + parameter + "=" + q(value));
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.body().get("scimType").asText()).isEqualTo("invalidValue");
		assertThat(response.body().get("detail").asText()).contains(parameter);
	}

	@Test
	void countAboveMaxPageSizeIsCappedAtServiceProviderConfigMaximum() throws Exception {
		int max = maxPageSize();
		ScimClient large = newTenant();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<Integer>> created = new ArrayList<>();
			for (int i = 0; i <= max; i++) {
				String userName = "bulk" + i + "@paging.example";
				created.add(pool.submit(() -> large.post("/Users", "{\"userName\":\"" + userName + "\"}").status()));
			}
			for (Future<Integer> status : created) {
				assertThat(status.get()).isEqualTo(201);
			}
		}
		finally {
			pool.shutdown();
		}
		for (String count : List.of(Integer.toString(max + 1), Integer.toString(max * 10), "2147483647",
				"99999999999")) {
			ScimResponse response = large.get("/Users?count=" + count);
			assertThat(response.status()).as("count=" + count + ": " + response.status()).isEqualTo(200);
			assertThat(response.body().get("totalResults").asInt()).isEqualTo(max + 1);
			assertThat(response.body().get("itemsPerPage").asInt()).as("count=" + count).isEqualTo(max);
			assertThat(response.body().get("Resources").size()).isEqualTo(max);
		}
		ScimResponse rest = large.get("/Users?startIndex=" + (max + 1) + "&count=" + (max + 1));
		assertThat(rest.body().get("itemsPerPage").asInt()).isEqualTo(1);
		ScimResponse firstCursorPage = large.get("/Users?cursor=&count=" + (max * 2));
		assertThat(firstCursorPage.body().get("itemsPerPage").asInt()).isEqualTo(max);
		assertThat(firstCursorPage.body().hasNonNull("nextCursor")).isTrue();
		ScimResponse lastCursorPage = large
			.get("/Users?count=" + max + "&cursor=" + q(firstCursorPage.body().get("nextCursor").asText()));
		assertThat(lastCursorPage.body().get("itemsPerPage").asInt()).isEqualTo(1);
		assertThat(lastCursorPage.body().has("nextCursor")).isFalse();
	}

	// ---------------------------------------------------------------- sorting

	@Test
	void sortByUserNameAscendingIgnoresCaseAcrossPages() {
		List<String> expected = idsOf(
				sorted(Comparator.comparing((Person p) -> p.userName().toLowerCase(Locale.ROOT))));
		assertThat(ids(this.scim.get("/Users?sortBy=userName&count=100"))).isEqualTo(expected);
		assertThat(ids(this.scim.get("/Users?sortBy=userName&sortOrder=ascending&count=100"))).isEqualTo(expected);
		List<String> paged = new ArrayList<>();
		for (int start = 1; start <= 25; start += 7) {
			paged.addAll(ids(this.scim.get("/Users?sortBy=userName&startIndex=" + start + "&count=7")));
		}
		assertThat(paged).isEqualTo(expected);
		assertThat(ids(this.scim.get("/Users?sortBy=userName&startIndex=1&count=1")))
			.containsExactly(this.people.get(1).id());
	}

	@Test
	void sortByUserNameDescendingReversesTheOrder() {
		List<String> expected = idsOf(
				sorted(Comparator.comparing((Person p) -> p.userName().toLowerCase(Locale.ROOT)).reversed()));
		assertThat(ids(this.scim.get("/Users?sortBy=userName&sortOrder=descending&count=100"))).isEqualTo(expected);
		assertThat(ids(this.scim.get("/Users?sortBy=USERNAME&sortOrder=DESCENDING&count=100"))).isEqualTo(expected);
		assertThat(ids(this.scim.get("/Users?sortBy=userName&sortOrder=descending&startIndex=21&count=10")))
			.isEqualTo(expected.subList(20, 25));
	}

	@ParameterizedTest(name = "sortOrder={0}")
	@ValueSource(strings = { "ascending", "descending" })
	void sortByJsonAttributeOrdersValuesAndPutsMissingLast(String sortOrder) {
		boolean descending = sortOrder.equals("descending");
		List<String> expected = idsOf(sortedBy(Person::familyName, descending));
		assertThat(this.people.stream().filter((p) -> p.familyName() == null)).hasSize(4);
		assertThat(ids(this.scim.get("/Users?sortBy=name.familyName&sortOrder=" + sortOrder + "&count=100")))
			.isEqualTo(expected);
		List<String> paged = new ArrayList<>();
		for (int start = 1; start <= 25; start += 6) {
			paged.addAll(ids(this.scim
				.get("/Users?sortBy=name.familyName&sortOrder=" + sortOrder + "&startIndex=" + start + "&count=6")));
		}
		assertThat(paged).isEqualTo(expected);
	}

	@ParameterizedTest(name = "sortOrder={0}")
	@ValueSource(strings = { "ascending", "descending" })
	void sortByEnterpriseExtensionAttribute(String sortOrder) {
		List<String> expected = idsOf(sortedBy(Person::employeeNumber, sortOrder.equals("descending")));
		assertThat(ids(this.scim
			.get("/Users?count=100&sortOrder=" + sortOrder + "&sortBy=" + q(ENTERPRISE + ":employeeNumber"))))
			.isEqualTo(expected);
		assertThat(ids(this.scim.get("/Users?count=100&sortOrder=" + sortOrder + "&sortBy=employeeNumber")))
			.isEqualTo(expected);
	}

	@Test
	void sortWithFilterOrdersOnlyTheMatches() {
		List<String> expected = idsOf(this.people.stream()
			.filter(Person::active)
			.sorted(Comparator.comparing((Person p) -> p.userName().toLowerCase(Locale.ROOT)).reversed())
			.toList());
		ScimResponse response = this.scim
			.get("/Users?count=100&sortBy=userName&sortOrder=descending&filter=" + q("active eq true"));
		assertThat(ids(response)).isEqualTo(expected);
		assertThat(response.body().get("totalResults").asInt()).isEqualTo(expected.size());
	}

	@Test
	void sortOrderWithoutSortByKeepsTheDefaultOrder() {
		assertThat(ids(this.scim.get("/Users?sortOrder=descending&count=100")))
			.isEqualTo(ids(this.scim.get("/Users?count=100")));
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "sortBy=favouriteColour", "sortBy=name.middle", "sortOrder=sideways",
			"sortBy=userName&sortOrder=up" })
	void invalidSortIs400InvalidValue(String query) {
		ScimResponse response = this.scim.get("/Users?" + query);
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.body().get("scimType").asText()).isEqualTo("invalidValue");
		assertThat(response.body().get("detail").asText()).containsAnyOf("sortBy", "sortOrder");
	}

	// ---------------------------------------------------------------- cursor paging (RFC
	// 9865)

	private List<String> followCursor(String query, int count, List<Integer> pageSizes) {
		List<String> seen = new ArrayList<>();
		String cursor = "";
		for (int guard = 0; guard < 50; guard++) {
			ScimResponse page = this.scim.get("/Users?count=" + count + "&cursor=" + q(cursor) + query);
			assertThat(page.status()).as(page.toString()).isEqualTo(200);
			pageSizes.add(page.body().get("itemsPerPage").asInt());
			assertThat(page.body().get("Resources").size()).isEqualTo(page.body().get("itemsPerPage").asInt());
			seen.addAll(ids(page));
			JsonNode next = page.body().get("nextCursor");
			if (next == null || next.isNull()) {
				return seen;
			}
			assertThat(next.asText()).isNotBlank();
			cursor = next.asText();
		}
		throw new AssertionError("nextCursor never ended");
	}

	@ParameterizedTest(name = "count={0}")
	@ValueSource(ints = { 7, 5, 1, 25, 100 })
	void cursorPagesEndWithoutNextCursorAndHaveNoDuplicatesOrGaps(int count) {
		List<Integer> pageSizes = new ArrayList<>();
		List<String> seen = followCursor("", count, pageSizes);
		assertThat(seen).doesNotHaveDuplicates().isEqualTo(ids(this.scim.get("/Users?count=100")));
		int pages = (25 + count - 1) / count;
		assertThat(pageSizes).hasSize(pages);
		assertThat(pageSizes.subList(0, pages - 1)).allMatch((size) -> size == count);
		assertThat(pageSizes.get(pages - 1)).isEqualTo(25 - count * (pages - 1));
	}

	@Test
	void cursorPagingHonoursTheFilterAndReportsItsTotal() {
		List<Person> active = this.people.stream().filter(Person::active).toList();
		List<Integer> pageSizes = new ArrayList<>();
		List<String> seen = followCursor("&filter=" + q("active eq true"), 4, pageSizes);
		assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(idsOf(active));
		ScimResponse first = this.scim.get("/Users?count=4&cursor=&filter=" + q("active eq true"));
		assertThat(first.body().get("totalResults").asInt()).isEqualTo(active.size());
	}

	@Test
	void emptyCursorStartsAndCountZeroGivesTotalsOnly() {
		ScimResponse first = this.scim.get("/Users?cursor=&count=10");
		assertThat(ids(first)).isEqualTo(ids(this.scim.get("/Users?count=10")));
		assertThat(first.body().get("nextCursor").asText()).isNotBlank();
		ScimResponse totals = this.scim.get("/Users?cursor=&count=0");
		assertThat(totals.body().get("totalResults").asInt()).isEqualTo(25);
		assertThat(totals.body().path("Resources").size()).isZero();
	}

	@ParameterizedTest(name = "cursor={0}")
	@ValueSource(strings = { "garbage!", "djE6eA", "bm90LWEtY3Vyc29y", "v1:5", "%%%", "djA6NQ" })
	void invalidCursorIs400InvalidCursor(String cursor) {
		ScimResponse response = this.scim.get("/Users?count=5&cursor=" + q(cursor));
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.body().get("scimType").asText()).isEqualTo("invalidCursor");
		assertThat(response.body().get("detail").asText()).contains("cursor");
	}

	@Test
	void cursorCombinedWithStartIndexOrSortByIs400() {
		assertThat(this.scim.get("/Users?cursor=&startIndex=2").status()).isEqualTo(400);
		assertThat(this.scim.get("/Users?cursor=&sortBy=userName").status()).isEqualTo(400);
	}

	@Test
	void cursorFromThisAccountNeverShowsAnotherAccountsUsers() {
		String next = this.scim.get("/Users?cursor=&count=3").body().get("nextCursor").asText();
		ScimClient other = newTenant();
		String theirs = other.post("/Users", userBody("other@paging.example")).id();
		ScimResponse page = other.get("/Users?count=100&cursor=" + q(next));
		assertThat(page.status()).as("a cursor is bound to the account it was issued to").isEqualTo(400);
		assertThat(page.body().get("scimType").asText()).isEqualTo("invalidCursor");
		assertThat(page.rawBody()).doesNotContain(theirs);
		assertThat(this.scim.get("/Users?count=100&cursor=" + q(cursor("v1:0"))).status())
			.as("a forged cursor is refused")
			.isEqualTo(400);
	}

	// ---------------------------------------------------------------- POST /.search

	@Test
	void searchBodyGivesTheSameResponseAsTheQueryString() {
		ObjectNode body = ScimClient.mapper().createObjectNode();
		body.putArray("schemas").add(SEARCH_REQUEST);
		body.put("filter", "userName ew \"@paging.example\" and not (active eq false)")
			.put("sortBy", "name.familyName")
			.put("sortOrder", "descending")
			.put("startIndex", 3)
			.put("count", 5);
		body.putArray("attributes").add("userName").add("name.familyName");
		ScimResponse searched = this.scim.post("/Users/.search", body.toString());
		ScimResponse listed = this.scim
			.get("/Users?filter=" + q("userName ew \"@paging.example\" and not (active eq false)")
					+ "&sortBy=name.familyName&sortOrder=descending&startIndex=3&count=5&attributes="
					+ q("userName,name.familyName"));
		assertThat(searched.status()).as(searched.toString()).isEqualTo(200);
		assertThat(searched.contentType()).isEqualTo("application/scim+json");
		assertThat(searched.body()).isEqualTo(listed.body());
		assertThat(ids(searched)).hasSize(5);
		assertThat(searched.body().get("Resources").get(0).has("emails")).isFalse();
	}

	@Test
	void searchBodyWithExcludedAttributesAndStringNumbersMatchesTheQueryString() {
		String body = """
				{"schemas":["%s"],"excludedAttributes":["emails","%s"],"startIndex":"11","count":"10"}
				""".formatted(SEARCH_REQUEST, ENTERPRISE);
		ScimResponse searched = this.scim.post("/Users/.search", body);
		ScimResponse listed = this.scim
			.get("/Users?startIndex=11&count=10&excludedAttributes=" + q("emails," + ENTERPRISE));
		assertThat(searched.body()).isEqualTo(listed.body());
		assertThat(searched.body().at("/Resources/0").has("emails")).isFalse();
		assertThat(searched.body().at("/Resources/0").has(ENTERPRISE)).isFalse();
	}

	@Test
	void searchBodyPagesWithCursors() {
		List<String> seen = new ArrayList<>();
		String cursor = "";
		do {
			ObjectNode body = ScimClient.mapper().createObjectNode();
			body.putArray("schemas").add(SEARCH_REQUEST);
			body.put("cursor", cursor).put("count", 10);
			ScimResponse page = this.scim.post("/Users/.search", body.toString());
			seen.addAll(ids(page));
			cursor = page.body().path("nextCursor").asText(null);
		}
		while (cursor != null && seen.size() <= 25);
		assertThat(seen).doesNotHaveDuplicates().isEqualTo(ids(this.scim.get("/Users?count=100")));
	}

	@Test
	void searchBodyWithInvalidFilterIs400InvalidFilter() {
		ScimResponse response = this.scim.post("/Users/.search",
				"{\"schemas\":[\"" + SEARCH_REQUEST + "\"],\"filter\":\"shoeSize gt 42\"}");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body().get("scimType").asText()).isEqualTo("invalidFilter");
		assertThat(response.body().get("detail").asText()).contains("shoeSize");
	}

	// ---------------------------------------------------------------- attributes /
	// excludedAttributes

	private static Set<String> fields(JsonNode node) {
		Set<String> names = new HashSet<>();
		node.fieldNames().forEachRemaining(names::add);
		return names;
	}

	@Test
	void attributesReturnOnlyWhatWasAskedPlusIdAndSchemas() {
		ScimResponse response = this.scim.get("/Users?count=100&attributes=" + q("userName,name.givenName"));
		assertThat(ids(response)).hasSize(25);
		for (JsonNode user : response.body().get("Resources")) {
			assertThat(fields(user)).containsExactlyInAnyOrder("schemas", "id", "userName", "name");
			assertThat(fields(user.get("name"))).containsExactly("givenName");
		}
	}

	@ParameterizedTest(name = "attributes={0}")
	@ValueSource(strings = { "id", "schemas", "noSuchAttribute", "id,schemas", "urn:nope:2.0:Thing" })
	void attributesNamingNothingElseReturnIdAndSchemasOnly(String attributes) {
		ScimResponse response = this.scim.get("/Users?count=3&attributes=" + q(attributes));
		for (JsonNode user : response.body().get("Resources")) {
			assertThat(fields(user)).containsExactlyInAnyOrder("schemas", "id");
		}
	}

	@Test
	void attributeNamesInProjectionsIgnoreCase() {
		ScimResponse response = this.scim.get("/Users?count=3&attributes=" + q("USERNAME,Name.FamilyName"));
		JsonNode user = response.body().at("/Resources/0");
		assertThat(user.has("userName")).isTrue();
		assertThat(fields(user)).doesNotContain("emails", "meta", "displayName");
	}

	@Test
	void excludingTheEnterpriseExtensionUrnDropsItAndKeepsTheRest() {
		ScimResponse response = this.scim.get("/Users?count=100&excludedAttributes=" + q(ENTERPRISE));
		assertThat(ids(response)).hasSize(25);
		for (JsonNode user : response.body().get("Resources")) {
			assertThat(user.has(ENTERPRISE)).isFalse();
			assertThat(fields(user)).contains("schemas", "id", "userName", "name", "emails", "meta", "active");
		}
		JsonNode full = this.scim.get("/Users?count=1").body().at("/Resources/0");
		assertThat(full.has(ENTERPRISE)).as("present when not excluded").isTrue();
	}

	@Test
	void attributesCanSelectAnExtensionOrOneOfItsAttributes() {
		JsonNode whole = this.scim.get("/Users?count=1&attributes=" + q(ENTERPRISE)).body().at("/Resources/0");
		assertThat(fields(whole)).containsExactlyInAnyOrder("schemas", "id", ENTERPRISE);
		assertThat(fields(whole.get(ENTERPRISE))).containsExactlyInAnyOrder("employeeNumber", "department");
		JsonNode one = this.scim.get("/Users?count=1&attributes=" + q(ENTERPRISE + ":employeeNumber"))
			.body()
			.at("/Resources/0");
		assertThat(fields(one)).containsExactlyInAnyOrder("schemas", "id", ENTERPRISE);
		assertThat(fields(one.get(ENTERPRISE))).containsExactly("employeeNumber");
		assertThat(one.at("/" + ENTERPRISE.replace("/", "~1") + "/employeeNumber").asText())
			.isEqualTo(this.people.get(0).employeeNumber());
	}

	@Test
	void excludedSubAttributesAreDroppedFromEveryElement() {
		ScimResponse response = this.scim
			.get("/Users?count=100&excludedAttributes=" + q("name.familyName,emails.type"));
		for (JsonNode user : response.body().get("Resources")) {
			assertThat(fields(user.get("name"))).containsExactly("givenName");
			assertThat(fields(user.get("emails").get(0))).containsExactly("value");
		}
	}

	@ParameterizedTest(name = "excludedAttributes={0}")
	@ValueSource(strings = { "id", "schemas", "id,schemas,userName" })
	void idAndSchemasCannotBeExcluded(String excluded) {
		ScimResponse response = this.scim.get("/Users?count=100&excludedAttributes=" + q(excluded));
		assertThat(ids(response)).hasSize(25);
		for (JsonNode user : response.body().get("Resources")) {
			assertThat(fields(user)).contains("id", "schemas");
			assertThat(user.get("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:schemas:core:2.0:User");
		}
		ScimResponse single = this.scim.get("/Users/" + this.people.get(0).id() + "?excludedAttributes=" + q(excluded));
		assertThat(fields(single.body())).contains("id", "schemas");
	}

	@Test
	void projectionsApplyToASingleUserToo() {
		String id = this.people.get(2).id();
		JsonNode user = this.scim.get("/Users/" + id + "?attributes=" + q("userName,name.givenName")).body();
		assertThat(fields(user)).containsExactlyInAnyOrder("schemas", "id", "userName", "name");
		assertThat(user.get("userName").asText()).isEqualTo(this.people.get(2).userName());
	}

	@Test
	void listOrderDoesNotDependOnProjection() {
		assertThat(ids(this.scim.get("/Users?count=100&sortBy=userName&attributes=id")))
			.isEqualTo(ids(this.scim.get("/Users?count=100&sortBy=userName")));
	}

	@Test
	void probeTotalsCountEveryMatchWhetherOrNotThePageHoldsThem() {
		ScimClient tenant = newTenant();
		for (String name : List.of("one", "two", "three")) {
			ScimResponse created = tenant.post("/Users",
					"{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"]," + "\"userName\":\"" + name
							+ "@probe.example\",\"externalId\":\"shared\"}");
			assertThat(created.status()).as(created.toString()).isEqualTo(201);
		}
		ScimResponse roomy = tenant.get("/Users?count=5&filter=" + q("externalId eq \"shared\""));
		assertThat(roomy.body().get("totalResults").asInt()).isEqualTo(3);
		assertThat(roomy.body().get("itemsPerPage").asInt()).isEqualTo(3);
		ScimResponse full = tenant.get("/Users?count=2&filter=" + q("externalId eq \"shared\""));
		assertThat(full.body().get("totalResults").asInt()).as("more matches than the page holds").isEqualTo(3);
		assertThat(full.body().get("itemsPerPage").asInt()).isEqualTo(2);
		ScimResponse exact = tenant.get("/Users?count=1&filter=" + q("userName eq \"TWO@probe.example\""));
		assertThat(exact.body().get("totalResults").asInt()).isEqualTo(1);
		assertThat(ids(exact)).hasSize(1);
		ScimResponse none = tenant.get("/Users?filter=" + q("userName eq \"four@probe.example\""));
		assertThat(none.body().get("totalResults").asInt()).isZero();
		assertThat(none.body().get("Resources")).isEmpty();
		ScimResponse narrowed = tenant.get("/Users?filter=" + q("externalId eq \"shared\" and userName sw \"t\""));
		assertThat(narrowed.body().get("totalResults").asInt()).isEqualTo(2);
		ScimResponse later = tenant.get("/Users?startIndex=3&count=5&filter=" + q("externalId eq \"shared\""));
		assertThat(later.body().get("totalResults").asInt()).as("a later page still reports every match").isEqualTo(3);
		assertThat(later.body().get("itemsPerPage").asInt()).isEqualTo(1);
	}

}
