package app.provisioning.scim;

import com.fasterxml.jackson.databind.JsonNode;

import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.Test;

import static app.provisioning.support.ScimClient.q;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests of Microsoft's reference SCIM test collection that depart from the RFC: the
 * collections with a trailing slash ({@code /Users/}, {@code /Groups/}) are the
 * collections; a value filter in {@code attributes} returns the values it matches; a
 * group member's {@code display} is kept and returned.
 */
class ReferenceCollectionLeniencyTest extends ScimIntegrationTest {

	@Test
	void theCollectionsAnswerWithATrailingSlashToo() {
		ScimClient scim = newTenant();
		ScimResponse created = scim.post("/Users/", userBody("alex@contoso.com"));
		assertThat(created.status()).as(created.rawBody()).isEqualTo(201);
		ScimResponse found = scim.get("/Users/?filter=" + q("userName eq \"alex@contoso.com\""));
		assertThat(found.status()).isEqualTo(200);
		assertThat(found.body().get("totalResults").asInt()).isEqualTo(1);
		assertThat(scim.post("/Groups/", groupBody("Sales")).status()).isEqualTo(201);
		assertThat(scim.get("/Groups/").body().get("totalResults").asInt()).isEqualTo(1);
		assertThat(scim.get("/Users/" + created.id() + "/").status()).isEqualTo(404);
	}

	@Test
	void aValueFilterInAttributesReturnsTheValuesItMatches() {
		ScimClient scim = newTenant();
		ScimResponse created = scim.post("/Users", """
				{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"kim@contoso.com",
				 "emails":[{"type":"work","value":"kim@contoso.com","primary":true},
				           {"type":"home","value":"kim@home.example"}]}""");
		assertThat(created.status()).as(created.rawBody()).isEqualTo(201);
		ScimResponse work = scim.get("/Users/" + created.id() + "?attributes=" + q("emails[type eq \"work\"]"));
		assertThat(work.status()).isEqualTo(200);
		assertThat(work.body().get("emails")).hasSize(1);
		assertThat(work.body().get("emails").get(0).get("value").asText()).isEqualTo("kim@contoso.com");
		assertThat(work.body().has("userName")).isFalse();
		ScimResponse listed = scim.get("/Users?filter=" + q("userName eq \"kim@contoso.com\"") + "&attributes="
				+ q("userName,emails[type eq \"home\"].value"));
		JsonNode user = listed.body().get("Resources").get(0);
		assertThat(user.get("userName").asText()).isEqualTo("kim@contoso.com");
		assertThat(user.get("emails").toString()).isEqualTo("[{\"value\":\"kim@home.example\"}]");
		ScimResponse none = scim.get("/Users/" + created.id() + "?attributes=" + q("emails[type eq \"other\"]"));
		assertThat(none.status()).isEqualTo(200);
		assertThat(none.body().has("emails")).isFalse();
		ScimResponse excluded = scim
			.get("/Users/" + created.id() + "?excludedAttributes=" + q("emails[type eq \"work\"]"));
		assertThat(excluded.body().get("emails")).as("a value filter in excludedAttributes selects nothing").hasSize(2);
	}

	@Test
	void aMembersDisplayIsKeptAndReturned() {
		ScimClient scim = newTenant();
		String kim = scim.post("/Users", userBody("kim@contoso.com")).id();
		String lee = scim.post("/Users", userBody("lee@contoso.com")).id();
		String ola = scim.post("/Users", userBody("ola@contoso.com")).id();
		ScimResponse created = scim.post("/Groups", """
				{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Sales",
				 "members":[{"value":"%s","display":"Kim Lee"},{"value":"%s"}]}""".formatted(kim, lee));
		assertThat(created.status()).as(created.rawBody()).isEqualTo(201);
		assertThat(displays(created.body())).isEqualTo(sorted(kim + "=Kim Lee", lee + "=-"));
		ScimResponse patched = scim.patch("/Groups/" + created.id(), """
				{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
				 "Operations":[{"op":"add","path":"members","value":[{"value":"%s","display":"Ola N"}]}]}"""
			.formatted(ola));
		assertThat(patched.status()).as(patched.rawBody()).isIn(200, 204);
		JsonNode read = scim.get("/Groups/" + created.id()).body();
		assertThat(displays(read)).isEqualTo(sorted(kim + "=Kim Lee", lee + "=-", ola + "=Ola N"));
		JsonNode listed = scim.get("/Groups?filter=" + q("displayName eq \"Sales\"")).body().get("Resources").get(0);
		assertThat(displays(listed)).isEqualTo(displays(read));
		ScimResponse replaced = scim.put("/Groups/" + created.id(), """
				{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Sales",
				 "members":[{"value":"%s","display":"  "},{"value":"%s","display":"Lee K"}]}""".formatted(kim, lee));
		assertThat(replaced.status()).as(replaced.rawBody()).isEqualTo(200);
		assertThat(displays(scim.get("/Groups/" + created.id()).body()))
			.as("a PUT replaces the members with their displays; a blank display is not kept")
			.isEqualTo(sorted(kim + "=-", lee + "=Lee K"));
	}

	private static String sorted(String... members) {
		return String.join(",", java.util.Arrays.stream(members).sorted().toList());
	}

	/** Each member as id=display ("-" for none), in id order: one add has no order. */
	private static String displays(JsonNode group) {
		java.util.List<String> members = new java.util.ArrayList<>();
		for (JsonNode member : group.path("members")) {
			members.add(member.get("value").asText() + "=" + member.path("display").asText("-"));
		}
		java.util.Collections.sort(members);
		return String.join(",", members);
	}

}
