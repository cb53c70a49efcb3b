package app.provisioning.scim;

import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One account with a manager, a user reporting to them and a group holding both: what
 * hostile requests aim at, and what they must leave as it was when they are refused.
 */
final class HostileTarget {

	static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

	/** RFC 7644 §3.12, plus RFC 9865's cursor error. */
	private static final Set<String> SCIM_TYPES = Set.of("invalidFilter", "tooMany", "uniqueness", "mutability",
			"invalidSyntax", "invalidPath", "noTarget", "invalidValue", "invalidVers", "sensitive", "invalidCursor",
			"expiredCursor", "invalidCount");

	/** What a detail must not show a client: our internals instead of its mistake. */
	private static final Pattern INTERNALS = Pattern.compile(
			"Exception|Error:|\\[Source|`|\\bat [a-z]+\\.|(java|javax|jakarta|com\\.fasterxml|com\\.unboundid|org\\.springframework|org\\.postgresql|app\\.provisioning)\\.[a-z]|SQLState|\\bSQL\\b|StreamReadConstraints");

	final ScimClient scim;

	final String managerId;

	final String userId;

	final String groupId;

	HostileTarget(ScimClient scim) {
		this.scim = scim;
		this.managerId = created(scim.post("/Users", """
				{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"boss@contoso.com","active":true,
				 "displayName":"Boss","emails":[{"primary":true,"type":"work","value":"boss@contoso.com"}]}
				"""));
		this.userId = created(scim.post("/Users",
				"""
						{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User",
						            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
						 "userName":"target@contoso.com","externalId":"target-ext","active":true,"displayName":"Target User",
						 "title":"Clerk","name":{"givenName":"Tara","familyName":"Get"},
						 "emails":[{"primary":true,"type":"work","value":"target@contoso.com"},{"type":"home","value":"t@home.example"}],
						 "phoneNumbers":[{"type":"mobile","value":"+1 555 0100"}],
						 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Sales","manager":{"value":"%s"}}}
						"""
					.formatted(this.managerId)));
		this.groupId = created(scim.post("/Groups", """
				{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Target Group",
				 "members":[{"value":"%s"},{"value":"%s"}]}
				""".formatted(this.managerId, this.userId)));
	}

	private static String created(ScimResponse response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.id();
	}

	/**
	 * Everything a refused request could have changed: the target user and group, and how
	 * many of each exist.
	 */
	String state() {
		return this.scim.get("/Users/" + this.userId).rawBody() + "\n"
				+ this.scim.get("/Groups/" + this.groupId).rawBody() + "\n"
				+ this.scim.get("/Users?count=0").body().get("totalResults") + " users, "
				+ this.scim.get("/Groups?count=0").body().get("totalResults") + " groups";
	}

	/**
	 * Never a 5xx; a 4xx is a SCIM error body whose status matches, a 400 says which
	 * scimType, and the detail tells a person what is wrong without internals.
	 */
	static void assertAnsweredProperly(ScimResponse response, String request) {
		String what = request + " → " + response;
		assertThat(response.status()).as(what).isLessThan(500);
		if (response.status() < 400) {
			return;
		}
		JsonNode body = response.body();
		assertThat(body).as(what).isNotNull();
		assertThat(body.path("schemas").path(0).asText()).as(what).isEqualTo(ERROR_SCHEMA);
		assertThat(body.path("status").asText()).as(what).isEqualTo(Integer.toString(response.status()));
		if (response.status() == 400) {
			assertThat(body.path("scimType").asText()).as(what).isIn(SCIM_TYPES);
		}
		String detail = body.path("detail").asText();
		assertThat(detail).as(what).isNotBlank().doesNotContainPattern(INTERNALS);
	}

	/** A refused request leaves everything as it was. */
	void assertUnchangedIfRefused(ScimResponse response, String before, String request) {
		if (response.status() >= 400) {
			assertThat(state()).as(request + " → " + response + " changed something").isEqualTo(before);
		}
	}

}
