package app.provisioning.scim;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UserPatchTest extends ScimIntegrationTest {

	private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

	private ScimClient scim;

	private String createUser(String userName) {
		this.scim = (this.scim != null) ? this.scim : newTenant();
		return this.scim.post("/Users", userBody(userName)).id();
	}

	private JsonNode patchAndRead(String id, String operations) {
		ScimResponse patched = this.scim.patch("/Users/" + id, patchBody(operations));
		assertThat(patched.status()).as(patched.rawBody()).isIn(200, 204);
		return this.scim.get("/Users/" + id).body();
	}

	@Test
	void patchWithCapitalisedReplaceAndStringFalseDeactivatesAndStringTrueReactivates() {
		String id = createUser("deact@contoso.com");
		JsonNode off = patchAndRead(id, "[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]");
		assertThat(off.get("active").isBoolean()).isTrue();
		assertThat(off.get("active").booleanValue()).isFalse();
		JsonNode on = patchAndRead(id, "[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"True\"}]");
		assertThat(on.get("active").booleanValue()).isTrue();
		JsonNode offAgain = patchAndRead(id, "[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]");
		assertThat(offAgain.get("active").booleanValue()).isFalse();
	}

	@Test
	void deactivatedUserStaysVisibleToFiltersWithActiveFalse() {
		String id = createUser("still-there@contoso.com");
		patchAndRead(id, "[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"false\"}]");
		ScimResponse found = this.scim.get("/Users?filter=" + ScimClient.q("userName eq \"still-there@contoso.com\""));
		assertThat(found.body().get("totalResults").asInt()).isEqualTo(1);
		assertThat(found.body().at("/Resources/0/active").booleanValue()).isFalse();
	}

	@Test
	void patchWithNonBooleanActiveIs400InvalidValueAndChangesNothing() {
		String id = createUser("maybe@contoso.com");
		ScimResponse response = this.scim.patch("/Users/" + id, patchBody(
				"[{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\"Changed\"},{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"maybe\"}]"));
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body().get("scimType").asText()).isEqualTo("invalidValue");
		assertThat(response.body().get("detail").asText()).contains("active").contains("maybe");
		JsonNode user = this.scim.get("/Users/" + id).body();
		assertThat(user.get("displayName").asText()).isEqualTo("maybe@contoso.com");
		assertThat(user.at("/meta/version").asText()).isEqualTo("W/\"1\"");
	}

	@Test
	void pathlessValueWithDottedAndUrnKeysUpdatesNestedAttributes() {
		String id = createUser("dotted@contoso.com");
		JsonNode user = patchAndRead(id, """
				[{"op":"replace","value":{"displayName":"Bjfe","name.givenName":"Kkom","name.familyName":"Unua",
				  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber":"Aklq"}}]""");
		assertThat(user.get("displayName").asText()).isEqualTo("Bjfe");
		assertThat(user.at("/name/givenName").asText()).isEqualTo("Kkom");
		assertThat(user.at("/name/familyName").asText()).isEqualTo("Unua");
		assertThat(user.has("name.givenName")).isFalse();
		assertThat(user.get(ENTERPRISE).get("employeeNumber").asText()).isEqualTo("Aklq");
		assertThat(user.get("schemas").toString()).contains(ENTERPRISE);
	}

	@Test
	void addsOnSubAttributesOfOneFilteredElementMergeIntoOneNewElement() {
		String id = createUser("address@contoso.com");
		JsonNode user = patchAndRead(id, """
				[{"op":"add","path":"addresses[type eq \\"work\\"].formatted","value":"USZLTUSJXBYV"},
				 {"op":"add","path":"addresses[type eq \\"work\\"].locality","value":"OSGODHEVDCVD"},
				 {"op":"add","path":"addresses[type eq \\"work\\"].region","value":"YMVMOEMXAYGD"}]""");
		assertThat(user.get("addresses")).hasSize(1);
		JsonNode address = user.get("addresses").get(0);
		assertThat(address.get("type").asText()).isEqualTo("work");
		assertThat(address.get("formatted").asText()).isEqualTo("USZLTUSJXBYV");
		assertThat(address.get("locality").asText()).isEqualTo("OSGODHEVDCVD");
		assertThat(address.get("region").asText()).isEqualTo("YMVMOEMXAYGD");
	}

	@Test
	void replaceOnFilteredEmailChangesOnlyTheMatchingElement() {
		this.scim = newTenant();
		String id = this.scim.post("/Users", """
				{"userName":"two-mails@contoso.com","emails":[{"type":"work","value":"old@contoso.com","primary":true},
				 {"type":"home","value":"me@home.example"}]}""").id();
		JsonNode user = patchAndRead(id,
				"[{\"op\":\"Replace\",\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":\"new@contoso.com\"}]");
		assertThat(user.get("emails")).hasSize(2);
		assertThat(user.at("/emails/0/value").asText()).isEqualTo("new@contoso.com");
		assertThat(user.at("/emails/0/primary").booleanValue()).isTrue();
		assertThat(user.at("/emails/1/value").asText()).isEqualTo("me@home.example");
		ScimResponse byNewMail = this.scim
			.get("/Users?filter=" + ScimClient.q("emails[type eq \"work\"].value eq \"NEW@contoso.com\""));
		assertThat(byNewMail.body().get("totalResults").asInt()).isEqualTo(1);
	}

	@Test
	void managerAsBareIdIsReturnedAsObjectAndEmptyStringClearsIt() {
		String id = createUser("report@contoso.com");
		String managerId = createUser("boss@contoso.com");
		JsonNode user = patchAndRead(id,
				"[{\"op\":\"Add\",\"path\":\"" + ENTERPRISE + ":manager\",\"value\":\"" + managerId + "\"}]");
		assertThat(user.get(ENTERPRISE).get("manager").get("value").asText()).isEqualTo(managerId);
		JsonNode arrayForm = patchAndRead(id,
				"[{\"op\":\"Add\",\"path\":\"manager\",\"value\":[{\"$ref\":null,\"value\":\"m-2\"}]}]");
		assertThat(arrayForm.get(ENTERPRISE).get("manager").get("value").asText()).isEqualTo("m-2");
		JsonNode cleared = patchAndRead(id,
				"[{\"op\":\"replace\",\"path\":\"" + ENTERPRISE + ":manager\",\"value\":\"\"}]");
		assertThat(cleared.has(ENTERPRISE)).isFalse();
		assertThat(cleared.get("schemas").toString()).doesNotContain(ENTERPRISE);
	}

	@Test
	void removeManagerWithValueFilterClearsIt() {
		String id = createUser("filtered-manager@contoso.com");
		patchAndRead(id, "[{\"op\":\"Add\",\"path\":\"" + ENTERPRISE + ":manager\",\"value\":\"manager-id\"}]");
		JsonNode user = patchAndRead(id, "[{\"op\":\"remove\",\"path\":\"manager[value eq \\\"manager-id\\\"]\"}]");
		assertThat(user.has(ENTERPRISE)).isFalse();
	}

	@Test
	void replaceWithEmptyStringOrNullClearsAttributes() {
		this.scim = newTenant();
		String id = this.scim.post("/Users", """
				{"userName":"clear@contoso.com","title":"Boss","name":{"givenName":"A","familyName":"B"},
				 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Retail"}}""").id();
		JsonNode user = patchAndRead(id,
				"""
						[{"op":"replace","path":"title","value":""},{"op":"replace","path":"name.givenName","value":null},
						 {"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":null}]""");
		assertThat(user.has("title")).isFalse();
		assertThat(user.at("/name/givenName").isMissingNode()).isTrue();
		assertThat(user.at("/name/familyName").asText()).isEqualTo("B");
		assertThat(user.has(ENTERPRISE)).isFalse();
	}

	@Test
	void unknownAttributesInPatchAreIgnoredNotStored() {
		String id = createUser("unknown@contoso.com");
		JsonNode user = patchAndRead(id, """
				[{"op":"Add","path":"urn:ietf:params:scim:schemas:extension:Custom:2.0:User:shoeSize","value":"44"},
				 {"op":"Replace","path":"favouriteColour","value":"blue"},
				 {"op":"Replace","path":"nickName","value":"Babs"}]""");
		assertThat(user.get("nickName").asText()).isEqualTo("Babs");
		assertThat(user.toString()).doesNotContain("shoeSize").doesNotContain("favouriteColour");
	}

	@Test
	void renameToTakenUserNameIs409AndKeepsTheOldName() {
		String id = createUser("first@contoso.com");
		createUser("second@contoso.com");
		ScimResponse response = this.scim.patch("/Users/" + id,
				patchBody("[{\"op\":\"Replace\",\"path\":\"userName\",\"value\":\"SECOND@contoso.com\"}]"));
		assertThat(response.status()).isEqualTo(409);
		assertThat(response.body().get("scimType").asText()).isEqualTo("uniqueness");
		assertThat(this.scim.get("/Users/" + id).body().get("userName").asText()).isEqualTo("first@contoso.com");
	}

	@Test
	void malformedPatchRequestsAreClear400s() {
		String id = createUser("bad-patch@contoso.com");
		Map<String, String> cases = Map.of("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"]}",
				"invalidSyntax", patchBody("[{\"op\":\"merge\",\"path\":\"title\",\"value\":\"x\"}]"), "invalidSyntax",
				patchBody("[{\"op\":\"remove\"}]"), "noTarget",
				patchBody("[{\"op\":\"replace\",\"path\":\"id\",\"value\":\"x\"}]"), "mutability",
				patchBody("[{\"op\":\"replace\",\"path\":\"emails[type eq ]\",\"value\":\"x\"}]"), "invalidPath",
				patchBody("[{\"op\":\"remove\",\"path\":\"userName\"}]"), "invalidValue",
				patchBody("[{\"op\":\"replace\",\"value\":\"not an object\"}]"), "invalidSyntax");
		cases.forEach((body, scimType) -> {
			ScimResponse response = this.scim.patch("/Users/" + id, body);
			assertThat(response.status()).as(body).isEqualTo(400);
			assertThat(response.body().get("scimType").asText()).as(body).isEqualTo(scimType);
			assertThat(response.body().get("detail").asText()).as(body).isNotBlank();
		});
		assertThat(this.scim.get("/Users/" + id).body().at("/meta/version").asText()).isEqualTo("W/\"1\"");
	}

	@Test
	void ifMatchWithStaleVersionIs412AndCurrentVersionSucceeds() {
		String id = createUser("etag@contoso.com");
		String etag = this.scim.get("/Users/" + id).header("ETag");
		String body = patchBody("[{\"op\":\"Replace\",\"path\":\"title\",\"value\":\"One\"}]");
		ScimResponse first = this.scim.send("PATCH", "/Users/" + id, body, Map.of("If-Match", etag));
		assertThat(first.status()).isEqualTo(200);
		assertThat(first.header("ETag")).isNotEqualTo(etag);
		ScimResponse stale = this.scim.send("PATCH", "/Users/" + id,
				patchBody("[{\"op\":\"Replace\",\"path\":\"title\",\"value\":\"Two\"}]"), Map.of("If-Match", etag));
		assertThat(stale.status()).isEqualTo(412);
		assertThat(this.scim.get("/Users/" + id).body().get("title").asText()).isEqualTo("One");
		ScimResponse notModified = this.scim.send("GET", "/Users/" + id, null,
				Map.of("If-None-Match", first.header("ETag")));
		assertThat(notModified.status()).isEqualTo(304);
		assertThat(notModified.header("ETag")).isEqualTo(first.header("ETag"));
	}

	@Test
	void patchThatChangesNothingKeepsVersion() {
		String id = createUser("same@contoso.com");
		JsonNode user = patchAndRead(id,
				"[{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\"same@contoso.com\"}]");
		assertThat(user.at("/meta/version").asText()).isEqualTo("W/\"1\"");
	}

	@Test
	void rolesReplaceSetsExactlyTheGivenRolesAndRemoveWithValueRemovesOnlyThose() {
		String id = createUser("roles@contoso.com");
		JsonNode user = patchAndRead(id,
				"""
						[{"op":"replace","path":"roles","value":[{"primary":false,"type":"WindowsAzureActiveDirectoryRole","display":"User","value":"User"},
						 {"primary":false,"type":"WindowsAzureActiveDirectoryRole","display":"Test","value":"Test"}]}]""");
		assertThat(user.get("roles")).hasSize(2);
		JsonNode after = patchAndRead(id, "[{\"op\":\"Remove\",\"path\":\"roles\",\"value\":[{\"value\":\"Test\"}]}]");
		assertThat(after.get("roles")).hasSize(1);
		assertThat(after.at("/roles/0/value").asText()).isEqualTo("User");
	}

}
