package app.provisioning.scim;

import java.util.UUID;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static app.provisioning.support.ScimClient.q;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limits of the SCIM API (docs/scim-api.md, "Limits"): each is answered with its SCIM
 * error, names the limit, and changes nothing; a request just within the limit is served.
 */
class ScimLimitsTest extends ScimIntegrationTest {

	private HostileTarget target;

	@BeforeEach
	void provisionTarget() {
		this.target = new HostileTarget(newTenant());
	}

	@Test
	void jsonNestedDeeperThanTheLimitIs400InvalidSyntaxNamingTheLimit() {
		String before = this.target.state();
		String deep = "{\"userName\":\"deep@contoso.com\",\"title\":" + "[".repeat(40) + "1" + "]".repeat(40) + "}";
		ScimResponse response = this.target.scim.post("/Users", deep);
		assertRefused(response, 400, "invalidSyntax", before);
		assertThat(response.body().get("detail").asText()).contains("deeper than 32 levels");
	}

	@Test
	void brokenJsonIs400NamingLineAndColumnWithoutParserInternals() {
		String before = this.target.state();
		ScimResponse response = this.target.scim.post("/Users", "{\"userName\":\"broken@contoso.com\",\n\"emails\":[");
		assertRefused(response, 400, "invalidSyntax", before);
		assertThat(response.body().get("detail").asText()).startsWith("The request body is not valid JSON (line 2")
			.doesNotContain("Source")
			.doesNotContain("StreamReadFeature")
			.doesNotContain("`");
	}

	@Test
	void numberLongerThanTheParserAcceptsIs400WithoutParserInternals() {
		String before = this.target.state();
		ScimResponse response = this.target.scim.post("/Users",
				"{\"userName\":\"n@contoso.com\",\"title\":" + "9".repeat(1200) + "}");
		assertRefused(response, 400, "invalidSyntax", before);
		assertThat(response.body().get("detail").asText()).contains("Number value length")
			.doesNotContain("StreamReadConstraints");
	}

	@Test
	void bodyLargerThanTheLimitIs413NamingTheLimit() {
		String before = this.target.state();
		ScimResponse response = this.target.scim.put("/Users/" + this.target.userId,
				"{\"userName\":\"target@contoso.com\",\"title\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}");
		assertRefused(response, 413, null, before);
		assertThat(response.body().get("detail").asText()).contains("2097152 bytes");
	}

	@Test
	void patchWithMoreOperationsThanTheLimitIs413NamingTheLimit() {
		String before = this.target.state();
		ScimResponse response = this.target.scim.patch("/Users/" + this.target.userId, titlePatch(1001));
		assertRefused(response, 413, null, before);
		assertThat(response.body().get("detail").asText()).contains("at most 1000 operations")
			.contains("has 1001")
			.contains("Split it");
	}

	@Test
	void patchWithAsManyOperationsAsTheLimitIsApplied() {
		ScimResponse response = this.target.scim.patch("/Users/" + this.target.userId, titlePatch(1000));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.body().get("title").asText()).isEqualTo("Title 999");
	}

	@Test
	void patchAddingAHundredThousandMembersIs413AndAddsNone() {
		String before = this.target.state();
		ScimResponse response = this.target.scim.patch("/Groups/" + this.target.groupId, addMembers(100_000));
		assertRefused(response, 413, null, before);
		assertThat(response.body().get("detail").asText()).contains("2097152 bytes").contains("members in several");
	}

	@Test
	void patchAddingAsManyUnknownMembersAsTheBodyHoldsIs400NamingSomeAndAddsNone() {
		String before = this.target.state();
		String body = addMembers(40_000);
		assertThat(body.length()).isLessThan(2 * 1024 * 1024);
		ScimResponse response = this.target.scim.patch("/Groups/" + this.target.groupId, body);
		assertRefused(response, 400, "invalidValue", before);
		assertThat(response.body().get("detail").asText()).contains("do not exist").contains("39995 more");
	}

	private static String addMembers(int count) {
		ArrayNode members = ScimClient.mapper().createArrayNode();
		for (int i = 0; i < count; i++) {
			members.addObject().put("value", UUID.randomUUID().toString());
		}
		ObjectNode operation = ScimClient.mapper().createObjectNode().put("op", "add").put("path", "members");
		operation.set("value", members);
		return patchBody("[" + operation + "]");
	}

	@Test
	void filterLongerThanTheLimitIs400InvalidFilterNamingTheLimit() {
		String before = this.target.state();
		StringBuilder filter = new StringBuilder("userName eq \"target@contoso.com\"");
		while (filter.length() <= 4096) {
			filter.append(" or externalId eq \"nobody\"");
		}
		ScimResponse viaQuery = this.target.scim.get("/Users?filter=" + q(filter.toString()));
		assertRefused(viaQuery, 400, "invalidFilter", before);
		assertThat(viaQuery.body().get("detail").asText()).contains("the limit is 4096");
		ObjectNode search = ScimClient.mapper().createObjectNode().put("filter", filter.toString());
		ScimResponse viaSearch = this.target.scim.post("/Users/.search", search.toString());
		assertRefused(viaSearch, 400, "invalidFilter", before);
		assertThat(viaSearch.body().get("detail").asText()).contains("the limit is 4096");
	}

	@Test
	void filterNestedDeeperThanTheLimitIs400InvalidFilterNamingTheLimit() {
		String before = this.target.state();
		String tooDeep = "(".repeat(33) + "userName eq \"target@contoso.com\"" + ")".repeat(33);
		ScimResponse response = this.target.scim.get("/Users?filter=" + q(tooDeep));
		assertRefused(response, 400, "invalidFilter", before);
		assertThat(response.body().get("detail").asText()).contains("the limit is 32 levels");
		String notsTooDeep = "not (".repeat(33) + "userName eq \"x\"" + ")".repeat(33);
		assertRefused(this.target.scim.get("/Groups?filter=" + q(notsTooDeep)), 400, "invalidFilter", before);
	}

	@Test
	void filterNestedAsDeepAsTheLimitIsAnswered() {
		String deepest = "(".repeat(32) + "userName eq \"target@contoso.com\"" + ")".repeat(32);
		ScimResponse response = this.target.scim.get("/Users?filter=" + q(deepest));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.body().get("totalResults").asInt()).isEqualTo(1);
	}

	@Test
	void filterWithinTheLengthLimitIsAnsweredEvenWhenItsEncodingIsLong() {
		// 4,013 characters, 36 KB once percent-encoded
		String filter = "userName eq \"" + "漢".repeat(4000) + "\"";
		ScimResponse response = this.target.scim.get("/Users?filter=" + q(filter));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.body().get("totalResults").asInt()).isZero();
	}

	private void assertRefused(ScimResponse response, int status, String scimType, String before) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		HostileTarget.assertAnsweredProperly(response, "");
		if (scimType != null) {
			assertThat(response.body().get("scimType").asText()).isEqualTo(scimType);
		}
		assertThat(this.target.state()).isEqualTo(before);
	}

	private static String titlePatch(int operations) {
		StringBuilder body = new StringBuilder();
		for (int i = 0; i < operations; i++) {
			body.append((i == 0) ? "" : ",")
				.append("{\"op\":\"replace\",\"path\":\"title\",\"value\":\"Title ")
				.append(i)
				.append("\"}");
		}
		return patchBody("[" + body + "]");
	}

}
