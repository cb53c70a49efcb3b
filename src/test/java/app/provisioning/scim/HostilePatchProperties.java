package app.provisioning.scim;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

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

/**
 * Generated PATCH bodies (RFC 7644 §3.5.2), valid, nearly valid and garbage, sent to a
 * user and a group of the running server. None may cause a 5xx; a refused PATCH changes
 * nothing (the user, the group and the number of each are compared before and after) and
 * answers a SCIM error a person can act on. A failure prints its seed, and the next run
 * tries the failing sample first.
 */
class HostilePatchProperties extends ScimPropertyTest {

	private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

	private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

	private HostileTarget target;

	@BeforeProperty
	void provisionTarget() {
		this.target = new HostileTarget(newUnthrottledTenant());
	}

	@Property(tries = 300, afterFailure = AfterFailureMode.SAMPLE_FIRST)
	void anyUserPatchIsAppliedOrRefusedChangingNothing(@ForAll("userPatches") String body) {
		patch("/Users/" + this.target.userId, body);
	}

	@Property(tries = 250, afterFailure = AfterFailureMode.SAMPLE_FIRST)
	void anyGroupPatchIsAppliedOrRefusedChangingNothing(@ForAll("groupPatches") String body,
			@ForAll boolean askForMembers) {
		patch("/Groups/" + this.target.groupId + (askForMembers ? "?attributes=members" : ""), body);
	}

	private void patch(String path, String body) {
		String before = this.target.state();
		ScimResponse response = this.target.scim.patch(path, body);
		String request = "PATCH " + path + " " + body;
		Statistics.collect(response.status(),
				(response.body() == null) ? "" : response.body().path("scimType").asText());
		HostileTarget.assertAnsweredProperly(response, request);
		this.target.assertUnchangedIfRefused(response, before, request);
	}

	@Provide
	Arbitrary<String> userPatches() {
		return patches(userOperation());
	}

	@Provide
	Arbitrary<String> groupPatches() {
		return patches(Arbitraries.oneOf(groupOperation(), groupOperation(), userOperation()));
	}

	private Arbitrary<String> patches(Arbitrary<JsonNode> operation) {
		Arbitrary<JsonNode> valid = operation.list().ofMinSize(1).ofMaxSize(3).map(HostilePatchProperties::patchOp);
		return Arbitraries.frequencyOf(Tuple.of(12, valid.map(JsonNode::toString)),
				Tuple.of(2, HostileGenerators.nearlyValidJson(valid)),
				Tuple.of(2, malformedPatchOp(operation).map(JsonNode::toString)),
				Tuple.of(1, HostileGenerators.jsonValue().map(JsonNode::toString)),
				Tuple.of(1, HostileGenerators.garbageText(80)));
	}

	private static ObjectNode patchOp(List<JsonNode> operations) {
		ObjectNode body = JSON.objectNode();
		body.putArray("schemas").add(PATCH_OP);
		body.set("Operations", HostileGenerators.array(operations));
		return body;
	}

	/**
	 * PatchOp bodies whose envelope is wrong: Operations missing, empty, not an array, of
	 * the wrong things.
	 */
	private static Arbitrary<JsonNode> malformedPatchOp(Arbitrary<JsonNode> operation) {
		return Combinators.combine(operation, HostileGenerators.jsonValue(), Arbitraries.integers().between(0, 4))
			.as((one, value, kind) -> {
				ObjectNode body = JSON.objectNode();
				switch (kind) {
					case 0 -> body.putArray("schemas").add(PATCH_OP);
					case 1 -> body.set("Operations", JSON.arrayNode());
					case 2 -> body.set("Operations", one);
					case 3 -> body.set("Operations", HostileGenerators.array(List.of(value, one)));
					default -> body.set("operations", HostileGenerators.array(List.of(one)));
				}
				return body;
			});
	}

	private Arbitrary<JsonNode> userOperation() {
		Arbitrary<String> path = Arbitraries.oneOf(HostileGenerators.attributePath(), HostileGenerators.attributePath(),
				Arbitraries.of("emails[type eq \"work\"].value", "emails[type eq \"home\"]",
						"emails[value co \"@\"].type", "addresses[type eq \"work\"].streetAddress",
						"phoneNumbers[type eq \"mobile\"].value", "emails[type eq \"work\"",
						"emails[noSuch eq \"x\"].value", "emails[type eq \"work\"].noSuch", "name[givenName eq \"x\"]",
						"roles[primary eq \"True\"].value", "emails[]", "emails[type pr]",
						"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value"),
				HostileGenerators.nearlyValidFilter().map((filter) -> "emails[" + filter + "].value"));
		Arbitrary<JsonNode> attributes = Combinators
			.combine(HostileGenerators.knownAttribute(), HostileGenerators.jsonScalar())
			.as(Tuple::of)
			.list()
			.ofMinSize(1)
			.ofMaxSize(3)
			.map(HostileGenerators::object);
		Arbitrary<JsonNode> value = Arbitraries.oneOf(HostileGenerators.jsonValue(), HostileGenerators.jsonScalar(),
				attributes, Arbitraries.just(JSON.textNode(this.target.managerId)));
		return operation(path, value);
	}

	private Arbitrary<JsonNode> groupOperation() {
		Arbitrary<String> memberId = Arbitraries.oneOf(
				Arbitraries.of(this.target.userId, this.target.managerId, this.target.groupId, "", " ", "not-an-id",
						this.target.userId.toUpperCase()),
				Arbitraries.create(UUID::randomUUID).map(UUID::toString), HostileGenerators.garbageText(40));
		Arbitrary<JsonNode> member = Combinators.combine(memberId, Arbitraries.integers().between(0, 3))
			.as((id, shape) -> switch (shape) {
				case 0 -> JSON.objectNode().put("value", id);
				case 1 -> JSON.objectNode().put("value", id).put("display", "Someone").put("$ref", "x");
				case 2 -> JSON.objectNode().put("Value", id);
				default -> JSON.textNode(id);
			});
		Arbitrary<JsonNode> members = Arbitraries.oneOf(member.list().ofMaxSize(4).map(HostileGenerators::array),
				member.map((JsonNode one) -> one), HostileGenerators.jsonValue(),
				Arbitraries.of("Target Group", "Renamed", "").map(JSON::textNode));
		Arbitrary<String> path = Arbitraries.oneOf(
				Arbitraries.of("members", "Members", "members.value", "members.display", "displayName", "externalId",
						"members[value eq \"" + this.target.userId + "\"]", "members[value eq \"nobody\"]",
						"members[display eq \"x\"]", "members[value eq \"" + this.target.userId + "\"].value",
						"members[value ne \"x\"]", "members[value eq \"a\" or value eq \"b\"]", "id", "meta.version",
						"schemas", "members[value eq \"" + this.target.userId + "\""),
				HostileGenerators.attributePath());
		return operation(path, members);
	}

	/**
	 * Mostly well-formed operations; one in five has a wrong op, a path of the wrong type
	 * or a member missing.
	 */
	private static Arbitrary<JsonNode> operation(Arbitrary<String> path, Arbitrary<JsonNode> value) {
		Arbitrary<JsonNode> op = Arbitraries.frequencyOf(
				Tuple.of(12,
						Arbitraries.of("add", "replace", "remove", "Add", "Replace", "Remove", "ADD")
							.map(JSON::textNode)),
				Tuple.of(1, Arbitraries.of("move", "copy", "test", "", " add ").map(JSON::textNode)),
				Tuple.of(1, Arbitraries.of(JSON.nullNode(), JSON.numberNode(1), JSON.arrayNode())));
		Arbitrary<JsonNode> pathNode = Arbitraries.frequencyOf(Tuple.of(12, path.map(JSON::textNode)),
				Tuple.of(1, Arbitraries.of(JSON.nullNode(), JSON.numberNode(7), JSON.objectNode())));
		return Combinators
			.combine(op, pathNode, value,
					Arbitraries.frequency(Tuple.of(16, "whole"), Tuple.of(1, "no op"), Tuple.of(3, "no path"),
							Tuple.of(1, "no value"), Tuple.of(1, "extra member")))
			.as((opNode, pathValue, valueNode, shape) -> {
				ObjectNode operation = JSON.objectNode();
				if (!shape.equals("no op")) {
					operation.set("op", opNode);
				}
				if (!shape.equals("no path")) {
					operation.set("path", pathValue);
				}
				if (!shape.equals("no value")) {
					operation.set("value", valueNode);
				}
				if (shape.equals("extra member")) {
					operation.put("unexpected", true);
				}
				return operation;
			});
	}

}
