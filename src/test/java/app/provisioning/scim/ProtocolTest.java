package app.provisioning.scim;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Media types, routing, body limits and error shapes that every client sees. */
class ProtocolTest extends ScimIntegrationTest {

	@Test
	void plainJsonBodyIsAcceptedAndAnswerIsScimJson() {
		ScimClient scim = newTenant();
		ScimResponse response = scim.send("POST", "/Users", userBody("json@contoso.com"),
				Map.of("Content-Type", "application/json"));
		assertThat(response.status()).isEqualTo(201);
		assertThat(response.contentType()).isEqualTo("application/scim+json");
	}

	@Test
	void answerIsScimJsonEvenWhenClientAsksForJsonOnly() {
		ScimClient scim = newTenant();
		ScimResponse response = scim.send("GET", "/Users", null, Map.of("Accept", "application/json"));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.contentType()).isEqualTo("application/scim+json");
	}

	@Test
	void otherContentTypeIs415InScimForm() {
		ScimClient scim = newTenant();
		ScimResponse response = scim.send("POST", "/Users", "userName=x", Map.of("Content-Type", "text/plain"));
		assertThat(response.status()).isEqualTo(415);
		assertThat(response.contentType()).isEqualTo("application/scim+json");
		assertThat(response.body().get("status").asText()).isEqualTo("415");
	}

	@Test
	void invalidJsonIs400InvalidSyntax() {
		ScimClient scim = newTenant();
		for (String body : new String[] { "{\"userName\":", "[1,2]", "", "null" }) {
			ScimResponse response = scim.post("/Users", body);
			assertThat(response.status()).as(body).isEqualTo(400);
			assertThat(response.body().get("scimType").asText()).as(body).isEqualTo("invalidSyntax");
		}
	}

	@Test
	void deeplyNestedJsonIs400AndOversizedBodyIs413() {
		ScimClient scim = newTenant();
		String deep = "{\"a\":".repeat(200) + "1" + "}".repeat(200);
		assertThat(scim.post("/Users", deep).status()).isEqualTo(400);
		String huge = "{\"userName\":\"big@contoso.com\",\"title\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}";
		ScimResponse tooLarge = scim.post("/Users", huge);
		assertThat(tooLarge.status()).isEqualTo(413);
		assertThat(tooLarge.body().get("detail").asText()).contains("bytes");
	}

	@Test
	void pathTheFirewallRefusesIsAScimError() {
		ScimClient scim = newTenant();
		for (String id : new String[] { "%2e%2e", "a%252e" }) {
			ScimResponse response = scim.get("/Users/" + id);
			assertThat(response.status()).as(id + " → " + response).isEqualTo(400);
			assertThat(response.contentType()).isEqualTo("application/scim+json");
			assertThat(response.body().get("scimType").asText()).isEqualTo("invalidValue");
			assertThat(response.body().get("detail").asText()).contains("path is not allowed");
		}
	}

	@Test
	void requestsTomcatRefusesBeforeTheApplicationAreScimErrors() {
		ScimClient scim = newTenant();
		for (String id : new String[] { "%5C", "a%00b", "x%2Fy" }) {
			ScimResponse response = scim.get("/Users/" + id);
			assertThat(response.status()).as(id + " → " + response).isEqualTo(400);
			assertThat(response.contentType()).isEqualTo("application/scim+json");
			assertThat(response.body().get("scimType").asText()).isEqualTo("invalidValue");
			assertThat(response.body().get("detail").asText()).contains("%5C");
		}
	}

	@Test
	void nonStandardNumberInAFilterOrPathIs400WithoutParserAdvice() {
		ScimClient scim = newTenant();
		ScimResponse filter = scim.get("/Users?filter=" + ScimClient.q("userName eq NaN"));
		assertThat(filter.status()).isEqualTo(400);
		assertThat(filter.body().get("detail").asText()).contains("NaN")
			.doesNotContain("`")
			.doesNotContain("JsonReadFeature");
		String id = scim.post("/Users", userBody("nan@contoso.com")).id();
		ScimResponse path = scim.patch("/Users/" + id,
				patchBody("[{\"op\":\"replace\",\"path\":\"emails[value eq NaN].type\",\"value\":\"work\"}]"));
		assertThat(path.status()).isEqualTo(400);
		assertThat(path.body().get("scimType").asText()).isEqualTo("invalidPath");
		assertThat(path.body().get("detail").asText()).contains("NaN")
			.doesNotContain("`")
			.doesNotContain("JsonReadFeature");
	}

	@Test
	void createWithoutUserNameIs400NamingIt() {
		ScimClient scim = newTenant();
		ScimResponse response = scim.post("/Users",
				"{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"active\":true}");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body().get("scimType").asText()).isEqualTo("invalidValue");
		assertThat(response.body().get("detail").asText()).contains("userName");
	}

	@Test
	void wrongValueTypeIs400NamingTheAttribute() {
		ScimClient scim = newTenant();
		ScimResponse response = scim.post("/Users", "{\"userName\":\"types@contoso.com\",\"name\":\"not an object\"}");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body().get("detail").asText()).contains("name");
		ScimResponse date = scim.post("/Users", "{\"userName\":\"dates@contoso.com\","
				+ "\"urn:ietf:params:scim:schemas:extension:entra:2.0:User\":{\"employeeHireDate\":\"yesterday\"}}");
		assertThat(date.status()).isEqualTo(400);
		assertThat(date.body().get("detail").asText()).contains("employeeHireDate");
	}

	@Test
	void nulCharacterInAValueIs400NotAServerError() {
		ScimClient scim = newTenant();
		ScimResponse response = scim.post("/Users", "{\"userName\":\"nul@contoso.com\",\"title\":\"a\\u0000b\"}");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body().get("scimType").asText()).isEqualTo("invalidValue");
		assertThat(response.body().get("detail").asText()).contains("title");
	}

	@Test
	void valuesTheDatabaseCannotIndexOrStoreAre400() {
		ScimClient scim = newTenant();
		ScimResponse longName = scim.post("/Users", userBody("x".repeat(600) + "@contoso.com"));
		assertThat(longName.status()).isEqualTo(400);
		assertThat(longName.body().get("detail").asText()).contains("userName").contains("512");
		ScimResponse yearZero = scim.post("/Users", "{\"userName\":\"year0@contoso.com\","
				+ "\"urn:ietf:params:scim:schemas:extension:entra:2.0:User\":{\"employeeHireDate\":\"0000-01-01T00:00:00Z\"}}");
		assertThat(yearZero.status()).isEqualTo(400);
		ScimResponse farFuture = scim
			.get("/Users?filter=" + ScimClient.q("meta.lastModified gt \"+999999999-12-31T23:59:59Z\""));
		assertThat(farFuture.status()).isEqualTo(400);
		assertThat(farFuture.body().get("scimType").asText()).isEqualTo("invalidFilter");
		ScimResponse surrogate = scim.post("/Users", "{\"userName\":\"s@contoso.com\",\"title\":\"\\ud800x\"}");
		assertThat(surrogate.status()).isEqualTo(400);
	}

	@Test
	void putWithoutActiveKeepsADisabledUserDisabled() {
		ScimClient scim = newTenant();
		String id = scim.post("/Users", "{\"userName\":\"put@contoso.com\",\"active\":false}").id();
		ScimResponse replaced = scim.put("/Users/" + id, "{\"userName\":\"put@contoso.com\",\"title\":\"Clerk\"}");
		assertThat(replaced.status()).isEqualTo(200);
		assertThat(replaced.body().get("active").booleanValue()).isFalse();
		assertThat(replaced.body().get("title").asText()).isEqualTo("Clerk");
	}

	@Test
	void excludingAnExtensionAlsoDropsItFromSchemas() {
		ScimClient scim = newTenant();
		String id = scim.post("/Users",
				"{\"userName\":\"ext@contoso.com\",\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\":{\"department\":\"Retail\"}}")
			.id();
		JsonNode user = scim
			.get("/Users/" + id + "?excludedAttributes=urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")
			.body();
		assertThat(user.has("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")).isFalse();
		assertThat(user.get("schemas").toString()).doesNotContain("enterprise");
	}

	@Test
	void endpointNamesMatchIgnoringCaseAndFlagQueryIsIgnored() {
		ScimClient scim = newTenant();
		assertThat(scim.get("/users?aadOptscim062020").status()).isEqualTo(200);
		assertThat(scim.get("/GROUPS").status()).isEqualTo(200);
		assertThat(scim.get("/serviceConfiguration").status()).isEqualTo(200);
		assertThat(scim.get("/schemas/urn:ietf:params:scim:schemas:core:2.0:User").status()).isEqualTo(200);
	}

	@Test
	void unknownEndpointAndMethodAreScimErrors() {
		ScimClient scim = newTenant();
		ScimResponse missing = scim.get("/Widgets");
		assertThat(missing.status()).isEqualTo(404);
		assertThat(missing.contentType()).isEqualTo("application/scim+json");
		ScimResponse method = scim.send("DELETE", "/Users", null, Map.of());
		assertThat(method.status()).isEqualTo(405);
		assertThat(method.contentType()).isEqualTo("application/scim+json");
	}

	@Test
	void discoveryDescribesWhatTheServerSupports() {
		ScimClient scim = newTenant();
		ScimResponse config = scim.get("/ServiceProviderConfig");
		assertThat(config.body().at("/patch/supported").booleanValue()).isTrue();
		assertThat(config.body().at("/filter/supported").booleanValue()).isTrue();
		assertThat(config.body().at("/bulk/supported").booleanValue()).isFalse();
		assertThat(config.body().at("/pagination/cursor").booleanValue()).isTrue();
		assertThat(config.body().at("/authenticationSchemes/0/type").asText()).isEqualTo("oauthbearertoken");
		ScimResponse schemas = scim.get("/Schemas");
		java.util.List<String> ids = new java.util.ArrayList<>();
		schemas.body().get("Resources").forEach((schema) -> ids.add(schema.get("id").asText()));
		assertThat(ids).contains("urn:ietf:params:scim:schemas:core:2.0:User",
				"urn:ietf:params:scim:schemas:core:2.0:Group",
				"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
				"urn:ietf:params:scim:schemas:extension:entra:2.0:User");
		assertThat(schemas.rawBody()).doesNotContain("null").doesNotContain("\"name\":\"groups\"");
		ScimResponse types = scim.get("/ResourceTypes");
		assertThat(types.body().get("totalResults").asInt()).isEqualTo(2);
		assertThat(scim.get("/ResourceTypes/User").body().get("endpoint").asText()).isEqualTo("/Users");
		assertThat(scim.get("/Schemas/urn:nope").status()).isEqualTo(404);
		JsonNode groupSchema = scim.get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group").body();
		assertThat(groupSchema.get("attributes").get(0).get("name").asText()).isEqualTo("displayName");
		assertThat(groupSchema.get("attributes").get(0).get("uniqueness").asText()).isEqualTo("server");
	}

	@Test
	void accountsNeverSeeEachOthersResources() {
		ScimClient a = newTenant();
		ScimClient b = newTenant();
		String userOfA = a.post("/Users", userBody("shared@contoso.com")).id();
		assertThat(b.post("/Users", userBody("shared@contoso.com")).status()).as("same userName in another account")
			.isEqualTo(201);
		assertThat(b.get("/Users/" + userOfA).status()).isEqualTo(404);
		assertThat(b.patch("/Users/" + userOfA, patchBody("[{\"op\":\"Replace\",\"path\":\"title\",\"value\":\"x\"}]"))
			.status()).isEqualTo(404);
		assertThat(b.delete("/Users/" + userOfA).status()).isEqualTo(404);
		assertThat(
				b.get("/Users?filter=" + ScimClient.q("id eq \"" + userOfA + "\"")).body().get("totalResults").asInt())
			.isZero();
		assertThat(b.get("/Users").body().get("totalResults").asInt()).isEqualTo(1);
		assertThat(a.get("/Users/" + userOfA).body().has("title")).isFalse();
	}

}
