package app.provisioning.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimPropertyTest;
import app.provisioning.support.ScimResponse;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.statistics.Statistics;

import static app.provisioning.support.ScimClient.q;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated filters, attribute paths and paging parameters, valid, nearly valid and
 * garbage, sent to the running server as {@code ?filter=} and {@code /.search} bodies on
 * Users and Groups. None may cause a 5xx; every refusal is a SCIM error a person can act
 * on. A failure prints its seed; with {@code afterFailure = SAMPLE_FIRST} the next run
 * tries the failing sample first.
 */
class HostileFilterProperties extends ScimPropertyTest {

	private HostileTarget target;

	@BeforeProperty
	void provisionTarget() {
		this.target = new HostileTarget(newUnthrottledTenant());
	}

	@Property(tries = 300, afterFailure = AfterFailureMode.SAMPLE_FIRST)
	void anyFilterIsAnsweredOrRefusedWithAScimError(@ForAll("filters") String filter,
			@ForAll("endpoints") String endpoint, @ForAll boolean throughSearch) {
		ScimResponse response = list(endpoint, filter, throughSearch);
		Statistics.collect(response.status(),
				(response.body() == null) ? "" : response.body().path("scimType").asText());
		HostileTarget.assertAnsweredProperly(response, endpoint + " filter=" + filter);
		if (response.status() == 400) {
			assertThat(response.body().get("scimType").asText()).as(filter + " → " + response)
				.isIn("invalidFilter", "invalidValue");
		}
	}

	@Property(tries = 200, afterFailure = AfterFailureMode.SAMPLE_FIRST)
	void filterNamingAnUnknownAttributeIs400NamingIt(@ForAll("validFilters") String valid,
			@ForAll("unknownNames") String unknown, @ForAll("endpoints") String endpoint) {
		String filter = unknown + " eq \"x\" and (" + valid + ")";
		ScimResponse response = list(endpoint, filter, false);
		HostileTarget.assertAnsweredProperly(response, filter);
		assertThat(response.status()).as(filter + " → " + response).isEqualTo(400);
		assertThat(response.body().get("scimType").asText()).isEqualTo("invalidFilter");
		assertThat(response.body().get("detail").asText()).as(filter).contains(unknown);
	}

	@Property(tries = 200, afterFailure = AfterFailureMode.SAMPLE_FIRST)
	void anyProjectionOrSortIsAnsweredOrRefusedWithAScimError(@ForAll("paths") String path,
			@ForAll("projectionParameters") String parameter, @ForAll("endpoints") String endpoint) {
		String request = endpoint + "?" + parameter + "=" + q(path);
		ScimResponse response = this.target.scim.get(request);
		HostileTarget.assertAnsweredProperly(response, request + " (" + path + ")");
		String one = ("/Users".equals(endpoint) ? "/Users/" + this.target.userId : "/Groups/" + this.target.groupId)
				+ "?" + parameter + "=" + q(path);
		HostileTarget.assertAnsweredProperly(this.target.scim.get(one), one + " (" + path + ")");
	}

	@Property(tries = 200, afterFailure = AfterFailureMode.SAMPLE_FIRST)
	void anyPagingIsAnsweredOrRefusedWithAScimError(@ForAll("pagingValues") String startIndex,
			@ForAll("pagingValues") String count, @ForAll("endpoints") String endpoint) {
		String request = endpoint + "?startIndex=" + q(startIndex) + "&count=" + q(count);
		ScimResponse response = this.target.scim.get(request);
		HostileTarget.assertAnsweredProperly(response, request);
		if (response.status() == 200) {
			assertThat(response.body().get("itemsPerPage").asInt()).isLessThanOrEqualTo(1000);
		}
	}

	@Property(tries = 200, afterFailure = AfterFailureMode.SAMPLE_FIRST)
	void anySearchBodyIsAnsweredOrRefusedWithAScimError(@ForAll("searchBodies") String body,
			@ForAll("endpoints") String endpoint) {
		ScimResponse response = this.target.scim.post(endpoint + "/.search", body);
		Statistics.collect(response.status(),
				(response.body() == null) ? "" : response.body().path("scimType").asText());
		HostileTarget.assertAnsweredProperly(response, endpoint + "/.search " + body);
	}

	private ScimResponse list(String endpoint, String filter, boolean throughSearch) {
		if (throughSearch) {
			ObjectNode body = ScimClient.mapper().createObjectNode();
			body.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:SearchRequest");
			body.put("filter", filter);
			return this.target.scim.post(endpoint + "/.search", body.toString());
		}
		return this.target.scim.get(endpoint + "?filter=" + q(filter));
	}

	@Provide
	Arbitrary<String> filters() {
		return HostileGenerators.anyFilter();
	}

	@Provide
	Arbitrary<String> validFilters() {
		return HostileGenerators.validFilter();
	}

	@Provide
	Arbitrary<String> unknownNames() {
		return Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12).map((name) -> "zz" + name);
	}

	/**
	 * SearchRequest bodies whose members have any type: a filter that is a number, a
	 * count that is an object…
	 */
	@Provide
	Arbitrary<String> searchBodies() {
		Arbitrary<JsonNode> member = Arbitraries.oneOf(HostileGenerators.jsonScalar(), HostileGenerators.jsonValue(),
				HostileGenerators.anyFilter().map(JsonNodeFactory.instance::textNode),
				HostileGenerators.attributePath().map(JsonNodeFactory.instance::textNode));
		Arbitrary<String> name = Arbitraries.of("filter", "startIndex", "count", "attributes", "excludedAttributes",
				"sortBy", "sortOrder", "cursor", "schemas", "Filter", "COUNT");
		return Combinators.combine(name, member).as(Tuple::of).list().ofMaxSize(4).map((fields) -> {
			ObjectNode body = JsonNodeFactory.instance.objectNode();
			body.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:SearchRequest");
			fields.forEach((field) -> body.set(field.get1(), field.get2()));
			return body.toString();
		});
	}

	@Provide
	Arbitrary<String> endpoints() {
		return Arbitraries.of("/Users", "/Groups");
	}

	@Provide
	Arbitrary<String> paths() {
		return Arbitraries.oneOf(HostileGenerators.attributePath(),
				HostileGenerators.attributePath().list().ofMaxSize(4).map((list) -> String.join(",", list)));
	}

	@Provide
	Arbitrary<String> projectionParameters() {
		return Arbitraries.of("attributes", "excludedAttributes", "sortBy", "sortOrder");
	}

	@Provide
	Arbitrary<String> pagingValues() {
		return Arbitraries.oneOf(
				Arbitraries.integers().map(String::valueOf), Arbitraries.of("", "0", "-1", "1001", "2147483648",
						"99999999999999999999", "1.5", "1e3", "abc", " 1", "0x10", "NaN"),
				HostileGenerators.garbageText(10));
	}

}
