package app.provisioning.scim;

import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
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
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.statistics.Statistics;

/**
 * Generated user and group documents, valid, nearly valid (one attribute added, removed
 * or given a value of the wrong kind, or the JSON text damaged) and garbage, sent to the
 * running server as POST and PUT. None may cause a 5xx; a refused request changes nothing
 * and answers a SCIM error a person can act on. A failure prints its seed, and the next
 * run tries the failing sample first.
 */
class HostileResourceProperties extends ScimPropertyTest {

	private HostileTarget target;

	@BeforeProperty
	void provisionTarget() {
		this.target = new HostileTarget(newUnthrottledTenant());
	}

	@Property(tries = 300, afterFailure = AfterFailureMode.SAMPLE_FIRST)
	void anyUserDocumentIsStoredOrRefusedChangingNothing(@ForAll("userDocuments") String body,
			@ForAll boolean replace) {
		send(replace ? "PUT" : "POST", replace ? "/Users/" + this.target.userId : "/Users", body);
	}

	@Property(tries = 200, afterFailure = AfterFailureMode.SAMPLE_FIRST)
	void anyGroupDocumentIsStoredOrRefusedChangingNothing(@ForAll("groupDocuments") String body,
			@ForAll boolean replace) {
		send(replace ? "PUT" : "POST", replace ? "/Groups/" + this.target.groupId : "/Groups", body);
	}

	@Property(tries = 200, afterFailure = AfterFailureMode.SAMPLE_FIRST)
	void anyIdInThePathIsFoundOrNotFoundAndChangesNothingElse(@ForAll("ids") String id,
			@ForAll("methods") String method, @ForAll boolean group) {
		String path = (group ? "/Groups/" : "/Users/") + id;
		String body = switch (method) {
			case "PUT" -> group ? "{\"displayName\":\"Other\"}" : "{\"userName\":\"other@contoso.com\"}";
			case "PATCH" -> "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
					+ "\"Operations\":[{\"op\":\"replace\",\"path\":\"externalId\",\"value\":\"x\"}]}";
			default -> null;
		};
		send(method, path, body);
	}

	private void send(String method, String path, String body) {
		String before = this.target.state();
		ScimResponse response = this.target.scim.send(method, path, body, Map.of());
		String request = method + " " + path + " " + body;
		Statistics.collect(method, response.status(),
				(response.body() == null) ? "" : response.body().path("scimType").asText());
		HostileTarget.assertAnsweredProperly(response, request);
		this.target.assertUnchangedIfRefused(response, before, request);
	}

	/**
	 * Ids that are not this account's: malformed, encoded, path tricks, another resource
	 * type's.
	 */
	@Provide
	Arbitrary<String> ids() {
		return Arbitraries.oneOf(Arbitraries.create(UUID::randomUUID).map(UUID::toString),
				Arbitraries.of("0", "-1", "null", "%00", "%5C", "%2e%2e", "..%2fGroups", "a%252e", "%20", "x%22y",
						"'%20OR%201=1--", "00000000-0000-0000-0000-000000000000",
						"ffffffff-ffff-ffff-ffff-ffffffffffff", "%7Bid%7D", "%E2%80%AE", "a".repeat(5000), ".search",
						"Users"),
				HostileGenerators.garbageText(40).map(ScimClient::q));
	}

	@Provide
	Arbitrary<String> methods() {
		return Arbitraries.of("GET", "PUT", "PATCH", "DELETE");
	}

	@Provide
	Arbitrary<String> userDocuments() {
		Arbitrary<ObjectNode> valid = Arbitraries.create(UUID::randomUUID).map((id) -> (ObjectNode) ScimClient.json("""
				{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User",
				            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
				 "userName":"u-%1$s@contoso.com","externalId":"%1$s","active":true,"displayName":"Some One",
				 "name":{"givenName":"Some","familyName":"One"},"title":"Clerk",
				 "emails":[{"primary":true,"type":"work","value":"u-%1$s@contoso.com"}],
				 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Sales",
				   "manager":{"value":"%2$s"}}}
				""".formatted(id, this.target.managerId)));
		return documents(valid);
	}

	@Provide
	Arbitrary<String> groupDocuments() {
		Arbitrary<ObjectNode> valid = Arbitraries.create(UUID::randomUUID).map((id) -> (ObjectNode) ScimClient.json("""
				{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Group %s",
				 "externalId":"g-%1$s","members":[{"value":"%2$s"}]}
				""".formatted(id, this.target.userId)));
		return documents(valid);
	}

	private static Arbitrary<String> documents(Arbitrary<ObjectNode> valid) {
		Arbitrary<JsonNode> mutated = Combinators
			.combine(valid, HostileGenerators.attributePath(), HostileGenerators.jsonValue(),
					Arbitraries.integers().between(0, 2))
			.as((document, attribute, value, kind) -> {
				switch (kind) {
					case 0 -> document.set(attribute, value);
					case 1 -> document
						.remove(attribute.contains(".") ? attribute.substring(0, attribute.indexOf('.')) : attribute);
					default -> setNested(document, attribute, value);
				}
				return document;
			});
		return Arbitraries.oneOf(valid.map(JsonNode::toString), mutated.map(JsonNode::toString),
				mutated.map(JsonNode::toString), mutated.map(JsonNode::toString),
				HostileGenerators.nearlyValidJson(valid), HostileGenerators.jsonValue().map(JsonNode::toString),
				HostileGenerators.garbageText(80));
	}

	/**
	 * {@code name.givenName} → the object {@code name}, created when missing or replaced
	 * when not an object.
	 */
	private static void setNested(ObjectNode document, String attribute, JsonNode value) {
		int colon = attribute.lastIndexOf(':');
		ObjectNode container = document;
		String name = attribute;
		if (attribute.startsWith("urn:") && colon > 4) {
			container = objectIn(document, attribute.substring(0, colon));
			name = attribute.substring(colon + 1);
		}
		int dot = name.indexOf('.');
		if (dot > 0) {
			container = objectIn(container, name.substring(0, dot));
			name = name.substring(dot + 1);
		}
		container.set(name, value);
	}

	private static ObjectNode objectIn(ObjectNode parent, String name) {
		JsonNode existing = parent.get(name);
		if (existing instanceof ObjectNode object) {
			return object;
		}
		return parent.putObject(name);
	}

}
