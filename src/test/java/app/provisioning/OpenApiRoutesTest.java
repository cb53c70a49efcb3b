package app.provisioning;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.models.media.Schema;

import app.provisioning.support.OpenApiDocument;
import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps {@code openapi/scim.yaml} true: the routes the running server maps under
 * {@code /scim/v2} and the routes the document describes are the same set, and the
 * responses the document promises (status, media type, required headers, body shape) are
 * what the server answers. The published /Schemas and the document's User and Group
 * schemas name the same attributes.
 */
class OpenApiRoutesTest extends ScimIntegrationTest {

	private static final Path SPEC_FILE = Path.of("openapi", "scim.yaml");

	private static final String SCIM_BASE = "/scim/v2";

	private static final String SCIM_JSON = "application/scim+json";

	/**
	 * Common attributes (RFC 7643 §3) and extension containers: not in a schema's
	 * attribute list.
	 */
	private static final Set<String> NOT_SCHEMA_ATTRIBUTES = Set.of("schemas", "id", "externalId", "meta");

	private static OpenApiDocument document;

	@Autowired
	private ApplicationContext context;

	@Test
	void specificationParsesWithoutErrorsAndServesUnderScimV2() {
		OpenApiDocument read = OpenApiDocument.read(SPEC_FILE);
		assertThat(read.parserMessages()).as("swagger-parser messages for %s", SPEC_FILE).isEmpty();
		assertThat(read.openApi().getOpenapi()).startsWith("3.");
		assertThat(read.serversNotAt(SCIM_BASE)).as("servers must resolve to %s", SCIM_BASE).isEmpty();
	}

	@Test
	void mappedScimRoutesAndDocumentedRoutesAreTheSameSet() {
		document().assertSameRoutesAsServer(this.context, SCIM_BASE);
	}

	@Test
	void publishedSchemasAndDocumentedSchemasNameTheSameAttributes() {
		ScimClient scim = newTenant();
		ScimResponse schemas = scim.get("/Schemas");
		assertDocumented("GET", "/Schemas", schemas);
		Map<String, String> documentedBy = Map.of("urn:ietf:params:scim:schemas:core:2.0:User", "User",
				"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "EnterpriseUser",
				"urn:ietf:params:scim:schemas:extension:entra:2.0:User", "EntraUser",
				"urn:ietf:params:scim:schemas:core:2.0:Group", "Group");
		Set<String> published = new TreeSet<>();
		List<String> problems = new ArrayList<>();
		for (JsonNode schema : schemas.body().get("Resources")) {
			String urn = schema.get("id").asText();
			published.add(urn);
			String component = documentedBy.get(urn);
			if (component == null) {
				problems.add("published schema " + urn + " has no documented counterpart");
				continue;
			}
			compareAttributes(urn, schema.get("attributes"), document().schema(component), problems);
		}
		assertThat(published).containsExactlyInAnyOrderElementsOf(documentedBy.keySet());
		assertThat(problems).as("differences between /Schemas and %s", SPEC_FILE).isEmpty();
	}

	@Test
	void discoveryAnswersAsDocumented() {
		ScimClient scim = newTenant();
		ScimResponse config = scim.get("/ServiceProviderConfig");
		assertThat(config.status()).isEqualTo(200);
		assertThat(config.contentType()).isEqualTo(SCIM_JSON);
		assertDocumented("GET", "/ServiceProviderConfig", config);
		assertDocumented("GET", "/serviceConfiguration", scim.get("/serviceConfiguration"));
		assertDocumented("GET", "/ResourceTypes", scim.get("/ResourceTypes"));
		assertDocumented("GET", "/ResourceTypes/{name}", scim.get("/ResourceTypes/User"));
		assertDocumented("GET", "/ResourceTypes/{name}", scim.get("/ResourceTypes/Printer"));
		assertDocumented("GET", "/Schemas/{id}",
				scim.get("/Schemas/urn:ietf:params:scim:schemas:extension:entra:2.0:User"));
		assertDocumented("GET", "/Schemas/{id}", scim.get("/Schemas/urn:example:unknown"));
	}

	@Test
	void userOperationsAnswerAsDocumented() {
		ScimClient scim = newTenant();
		ScimResponse noMatch = scim.get("/Users?filter=" + ScimClient.q("userName eq \"" + UUID.randomUUID() + "\""));
		assertDocumented("GET", "/Users", noMatch);
		assertThat(noMatch.status()).isEqualTo(200);
		assertThat(noMatch.body().get("totalResults").asInt()).isZero();
		assertThat(noMatch.body().get("Resources")).isEmpty();

		String userId = null;
		for (Map.Entry<String, String> example : requestExamples("POST", "/Users").entrySet()) {
			ScimResponse created = scim.post("/Users", example.getValue());
			assertThat(created.status()).as("example %s: %s", example.getKey(), created).isEqualTo(201);
			assertDocumented("POST", "/Users", created);
			userId = created.id();
		}
		assertThat(userId).as("the document has request examples for POST /Users").isNotNull();

		ScimResponse read = scim.get("/Users/" + userId);
		assertDocumented("GET", "/Users/{id}", read);
		assertDocumented("GET", "/Users/{id}",
				scim.send("GET", "/Users/" + userId, null, Map.of("If-None-Match", read.header("ETag"))));
		Map<String, String> patchExamples = requestExamples("PATCH", "/Users/{id}");
		assertThat(patchExamples).as("the document has request examples for PATCH /Users/{id}").isNotEmpty();
		for (Map.Entry<String, String> example : patchExamples.entrySet()) {
			ScimResponse patched = scim.patch("/Users/" + userId, example.getValue());
			assertThat(patched.status()).as("example %s: %s", example.getKey(), patched).isEqualTo(200);
			assertDocumented("PATCH", "/Users/{id}", patched);
		}
		String retitle = patchBody("[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"x\"}]");
		assertDocumented("PATCH", "/Users/{id}",
				scim.send("PATCH", "/Users/" + userId, retitle, Map.of("If-Match", "W/\"999\"")));
		assertDocumented("PUT", "/Users/{id}", scim.put("/Users/" + userId, userBody("replaced@contoso.com")));
		assertDocumented("POST", "/Users/.search",
				scim.post("/Users/.search", "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"],"
						+ "\"filter\":\"userName sw \\\"replaced\\\"\",\"count\":5}"));

		ScimResponse firstPage = scim.get("/Users?cursor=&count=1");
		assertDocumented("GET", "/Users", firstPage);
		assertThat(firstPage.body().has("startIndex")).isFalse();
		ScimResponse secondPage = scim.get("/Users?count=1&cursor=" + firstPage.body().get("nextCursor").asText());
		assertDocumented("GET", "/Users", secondPage);
		assertThat(secondPage.body().get("Resources").get(0).get("id").asText())
			.isNotEqualTo(firstPage.body().get("Resources").get(0).get("id").asText());
		assertDocumented("GET", "/Users", scim.get("/Users?cursor=not-one-of-ours"));

		assertDocumented("DELETE", "/Users/{id}", scim.delete("/Users/" + userId));
		assertDocumented("DELETE", "/Users/{id}", scim.delete("/Users/" + userId));
	}

	@Test
	void errorsAnswerAsDocumented() {
		ScimClient scim = newTenant();
		ScimResponse unknown = scim.get("/Users/" + UUID.randomUUID());
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.contentType()).isEqualTo(SCIM_JSON);
		assertDocumented("GET", "/Users/{id}", unknown);
		assertThat(unknown.body().get("schemas").get(0).asText())
			.isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
		assertThat(unknown.body().get("status").isTextual()).as("status is a string").isTrue();
		assertThat(unknown.body().get("status").asText()).isEqualTo("404");
		assertThat(unknown.body().get("detail").asText()).isNotBlank();

		assertDocumented("GET", "/Users", scim.get("/Users?filter=" + ScimClient.q("shoeSize eq \"42\"")));
		assertThat(scim.post("/Users", userBody("twice@contoso.com")).status()).isEqualTo(201);
		ScimResponse duplicate = scim.post("/Users", userBody("TWICE@contoso.com"));
		assertDocumented("POST", "/Users", duplicate);
		assertThat(duplicate.body().get("scimType").asText()).isEqualTo("uniqueness");
		assertDocumented("POST", "/Users",
				scim.send("POST", "/Users", "userName=x", Map.of("Content-Type", "text/plain")));
		String tooLarge = "{\"userName\":\"big@contoso.com\",\"title\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}";
		assertDocumented("POST", "/Users", scim.post("/Users", tooLarge));
		ScimResponse anonymous = scim.send("GET", "/Users", null, Map.of("Authorization", ""));
		assertDocumented("GET", "/Users", anonymous);
		assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
		assertDocumented("GET", "/ServiceProviderConfig", scim.withToken("not-a-token").get("/ServiceProviderConfig"));
	}

	@Test
	void groupOperationsAnswerAsDocumented() {
		ScimClient scim = newTenant();
		String userId = scim.post("/Users", userBody("member@contoso.com")).id();
		String groupId = null;
		for (Map.Entry<String, String> example : requestExamples("POST", "/Groups").entrySet()) {
			ScimResponse created = scim.post("/Groups", example.getValue());
			assertThat(created.status()).as("example %s: %s", example.getKey(), created).isEqualTo(201);
			assertDocumented("POST", "/Groups", created);
			groupId = created.id();
		}
		assertThat(groupId).as("the document has request examples for POST /Groups").isNotNull();

		ScimResponse added = scim.patch("/Groups/" + groupId, patchBody(
				"[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"$ref\":null,\"value\":\"" + userId + "\"}]}]"));
		assertThat(added.status()).isEqualTo(204);
		assertDocumented("PATCH", "/Groups/{id}", added);
		ScimResponse projected = scim.patch("/Groups/" + groupId + "?excludedAttributes=members",
				patchBody("[{\"op\":\"Replace\",\"path\":\"externalId\",\"value\":\"g-1\"}]"));
		assertThat(projected.status()).isEqualTo(200);
		assertDocumented("PATCH", "/Groups/{id}", projected);
		assertThat(projected.body().has("members")).isFalse();

		ScimResponse probe = scim.get("/Groups?excludedAttributes=members&filter="
				+ ScimClient.q("id eq \"" + groupId + "\" and members[value eq \"" + userId + "\"]"));
		assertDocumented("GET", "/Groups", probe);
		assertThat(probe.body().get("totalResults").asInt()).isEqualTo(1);
		assertThat(probe.body().get("Resources").get(0).has("members")).isFalse();
		ScimResponse withMembers = scim.get("/Groups/" + groupId);
		assertDocumented("GET", "/Groups/{id}", withMembers);
		assertThat(withMembers.body().get("members")).hasSize(1);

		Map<String, String> patchExamples = requestExamples("PATCH", "/Groups/{id}");
		assertThat(patchExamples).as("the document has request examples for PATCH /Groups/{id}").isNotEmpty();
		for (Map.Entry<String, String> example : patchExamples.entrySet()) {
			String body = example.getValue();
			if (body.contains("\"Add\"")) {
				continue; // names a member id that does not exist in this account
			}
			ScimResponse patched = scim.patch("/Groups/" + groupId, body);
			assertThat(patched.status()).as("example %s: %s", example.getKey(), patched).isEqualTo(204);
			assertDocumented("PATCH", "/Groups/{id}", patched);
		}
		assertDocumented("PUT", "/Groups/{id}", scim.put("/Groups/" + groupId, groupBody("Renamed")));
		assertDocumented("POST", "/Groups/.search",
				scim.post("/Groups/.search", "{\"filter\":\"displayName eq \\\"Renamed\\\"\"}"));
		assertDocumented("DELETE", "/Groups/{id}", scim.delete("/Groups/" + groupId));
		assertDocumented("GET", "/Groups/{id}", scim.get("/Groups/" + groupId));
	}

	// --- /Schemas against the document ---

	/**
	 * Attribute names and kinds of a published schema against a documented object schema.
	 */
	private static void compareAttributes(String where, JsonNode attributes, Schema<?> documented,
			List<String> problems) {
		Map<String, Schema> properties = new TreeMap<>(document().resolve(documented).getProperties());
		properties.keySet().removeIf((name) -> NOT_SCHEMA_ATTRIBUTES.contains(name) || name.startsWith("urn:"));
		Set<String> publishedNames = new TreeSet<>();
		for (JsonNode attribute : attributes) {
			String name = attribute.get("name").asText();
			publishedNames.add(name);
			Schema<?> property = properties.get(name);
			if (property == null) {
				problems.add(where + ":" + name + " is published but not documented");
				continue;
			}
			property = document().resolve(property);
			boolean multiValued = attribute.get("multiValued").asBoolean();
			if (multiValued != "array".equals(property.getType())) {
				problems.add(where + ":" + name + " is " + (multiValued ? "" : "not ")
						+ "multi-valued but documented as " + property.getType());
				continue;
			}
			Schema<?> single = multiValued ? document().resolve(property.getItems()) : property;
			String scimType = attribute.get("type").asText();
			String expected = switch (scimType) {
				case "complex" -> "object";
				case "boolean" -> "boolean";
				case "integer" -> "integer";
				case "decimal" -> "number";
				default -> "string";
			};
			if (!expected.equals(single.getType())) {
				problems.add(where + ":" + name + " is " + scimType + " but documented as " + single.getType());
			}
			if ("dateTime".equals(scimType) && !"date-time".equals(single.getFormat())) {
				problems.add(where + ":" + name + " is a dateTime but documented without format date-time");
			}
			if (attribute.has("subAttributes")) {
				compareAttributes(where + ":" + name, attribute.get("subAttributes"), single, problems);
			}
		}
		for (String name : properties.keySet()) {
			if (!publishedNames.contains(name)) {
				problems.add(where + ":" + name + " is documented but not published in /Schemas");
			}
		}
	}

	// --- the document ---

	private static synchronized OpenApiDocument document() {
		if (document == null) {
			OpenApiDocument read = OpenApiDocument.read(SPEC_FILE);
			assertThat(read.parserMessages()).as("swagger-parser messages for %s", SPEC_FILE).isEmpty();
			document = read;
		}
		return document;
	}

	private static void assertDocumented(String method, String template, ScimResponse response) {
		document().assertDocumented(method, template, response);
	}

	private static Map<String, String> requestExamples(String method, String template) {
		return document().requestExamples(method, template, SCIM_JSON);
	}

}
