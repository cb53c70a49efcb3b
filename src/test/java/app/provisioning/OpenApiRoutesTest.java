package app.provisioning;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Keeps {@code openapi/scim.yaml} true: the routes the running server maps under
 * {@code /scim/v2} and the routes the document describes are the same set, and the responses
 * the document promises (status, media type, required headers, body shape) are what the
 * server answers. The published /Schemas and the document's User and Group schemas name the
 * same attributes.
 */
class OpenApiRoutesTest extends ScimIntegrationTest {

	private static final Path SPEC_FILE = Path.of("openapi", "scim.yaml");

	private static final String SCIM_BASE = "/scim/v2";

	private static final String SCIM_JSON = "application/scim+json";

	private static final Pattern PATH_VARIABLE = Pattern.compile("\\{[^}/]+\\}");

	/** Common attributes (RFC 7643 §3) and extension containers: not in a schema's attribute list. */
	private static final Set<String> NOT_SCHEMA_ATTRIBUTES = Set.of("schemas", "id", "externalId", "meta");

	private static final ObjectMapper JSON = new ObjectMapper();

	private static OpenAPI spec;

	@Autowired
	private ApplicationContext context;

	@Test
	void specificationParsesWithoutErrorsAndServesUnderScimV2() {
		SwaggerParseResult result = parse();
		assertThat(result.getMessages()).as("swagger-parser messages for %s", SPEC_FILE).isEmpty();
		assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.");
		List<String> problems = new ArrayList<>();
		for (Server server : result.getOpenAPI().getServers()) {
			String prefix = pathOf(server);
			if (!SCIM_BASE.equals(prefix)) {
				problems.add(server.getUrl() + " resolves to path '" + prefix + "'");
			}
		}
		assertThat(problems).as("servers must resolve to %s", SCIM_BASE).isEmpty();
	}

	@Test
	void mappedScimRoutesAndDocumentedRoutesAreTheSameSet() {
		Map<String, String> mapped = mappedScimRoutes();
		Map<String, String> documented = documentedRoutes();
		assertThat(mapped).as("no handler mapped under %s: the comparison would prove nothing", SCIM_BASE).isNotEmpty();
		Set<String> undocumented = new TreeSet<>(mapped.keySet());
		undocumented.removeAll(documented.keySet());
		Set<String> unmapped = new TreeSet<>(documented.keySet());
		unmapped.removeAll(mapped.keySet());
		StringBuilder message = new StringBuilder();
		if (!undocumented.isEmpty()) {
			message.append("Mapped by the server but missing from ").append(SPEC_FILE).append(':');
			undocumented.forEach((route) -> message.append("\n  ").append(mapped.get(route)));
		}
		if (!unmapped.isEmpty()) {
			message.append(message.isEmpty() ? "" : "\n")
				.append("Documented in ")
				.append(SPEC_FILE)
				.append(" but not mapped by the server:");
			unmapped.forEach((route) -> message.append("\n  ").append(documented.get(route)));
		}
		if (!message.isEmpty()) {
			fail(message.toString());
		}
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
			compareAttributes(urn, schema.get("attributes"), spec().getComponents().getSchemas().get(component),
					problems);
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
		assertDocumented("GET", "/Users/{id}", scim.send("GET", "/Users/" + userId, null,
				Map.of("If-None-Match", read.header("ETag"))));
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

	// --- the routes ---

	/** Normalised route ({@code GET /scim/v2/Users/{}}) to how the server declares it. */
	private Map<String, String> mappedScimRoutes() {
		Map<String, String> routes = new TreeMap<>();
		for (RequestMappingHandlerMapping mapping : this.context.getBeansOfType(RequestMappingHandlerMapping.class)
			.values()) {
			for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mapping.getHandlerMethods().entrySet()) {
				Set<RequestMethod> methods = entry.getKey().getMethodsCondition().getMethods();
				String handler = " (" + entry.getValue().getBeanType().getSimpleName() + "."
						+ entry.getValue().getMethod().getName() + ")";
				for (String pattern : entry.getKey().getPatternValues()) {
					if (!isUnderScimBase(pattern)) {
						continue;
					}
					if (methods.isEmpty()) {
						// Mapped for every HTTP method: never what the document describes.
						routes.put("* " + normalise(pattern), "every method on " + pattern + handler);
					}
					for (RequestMethod method : methods) {
						routes.put(method.name() + " " + normalise(pattern), method.name() + " " + pattern + handler);
					}
				}
			}
		}
		return routes;
	}

	/** Normalised route to how the document names it. */
	private static Map<String, String> documentedRoutes() {
		OpenAPI openApi = spec();
		Map<String, String> routes = new TreeMap<>();
		for (Map.Entry<String, PathItem> path : openApi.getPaths().entrySet()) {
			for (Map.Entry<PathItem.HttpMethod, Operation> operation : path.getValue().readOperationsMap().entrySet()) {
				List<Server> servers = firstNonEmpty(operation.getValue().getServers(), path.getValue().getServers(),
						openApi.getServers());
				for (Server server : servers) {
					String template = pathOf(server) + path.getKey();
					String method = operation.getKey().name();
					routes.put(method + " " + normalise(template),
							method + " " + template + " (" + operation.getValue().getOperationId() + ")");
				}
			}
		}
		return routes;
	}

	private static boolean isUnderScimBase(String pattern) {
		String lower = pattern.toLowerCase(Locale.ROOT);
		String base = SCIM_BASE.toLowerCase(Locale.ROOT);
		return lower.equals(base) || lower.startsWith(base + "/");
	}

	private static String normalise(String template) {
		String path = PATH_VARIABLE.matcher(template).replaceAll("{}");
		return (path.length() > 1 && path.endsWith("/")) ? path.substring(0, path.length() - 1) : path;
	}

	/** The path part of a server URL, its variables replaced by their defaults. */
	private static String pathOf(Server server) {
		String url = server.getUrl();
		if (server.getVariables() != null) {
			for (var variable : server.getVariables().entrySet()) {
				url = url.replace("{" + variable.getKey() + "}", variable.getValue().getDefault());
			}
		}
		String path = url.startsWith("/") ? url : URI.create(url).getPath();
		return (path.endsWith("/")) ? path.substring(0, path.length() - 1) : path;
	}

	@SafeVarargs
	private static <T> List<T> firstNonEmpty(List<T>... candidates) {
		for (List<T> candidate : candidates) {
			if (candidate != null && !candidate.isEmpty()) {
				return candidate;
			}
		}
		return List.of();
	}

	// --- the responses ---

	/**
	 * The response's status is documented for the operation; a documented body comes with a
	 * documented media type and fits the documented schema; an undocumented body is absent;
	 * required headers are present.
	 */
	private static void assertDocumented(String method, String template, ScimResponse response) {
		String where = method + " " + template + " answered " + response.status();
		Operation operation = operation(method, template);
		ApiResponse documented = operation.getResponses().get(Integer.toString(response.status()));
		assertThat(documented).as("%s, a status the document does not list: %s", where, response).isNotNull();
		documented = resolve(documented);
		if (documented.getHeaders() != null) {
			for (Map.Entry<String, Header> header : documented.getHeaders().entrySet()) {
				if (Boolean.TRUE.equals(resolve(header.getValue()).getRequired())) {
					assertThat(response.header(header.getKey())).as("%s without the documented %s header", where,
							header.getKey())
						.isNotNull();
				}
			}
		}
		Content content = documented.getContent();
		if (content == null || content.isEmpty()) {
			assertThat(response.rawBody()).as("%s with a body the document does not describe", where).isNullOrEmpty();
			return;
		}
		assertThat(response.contentType()).as("%s without a Content-Type", where).isNotNull();
		MediaType actual = MediaType.parseMediaType(response.contentType());
		String mediaType = actual.getType() + "/" + actual.getSubtype();
		assertThat(content).as("%s as %s", where, response.contentType()).containsKey(mediaType);
		Schema<?> schema = content.get(mediaType).getSchema();
		if (schema != null) {
			List<String> problems = new ArrayList<>();
			conform(schema, response.body(), "$", problems);
			assertThat(problems).as("%s with a body that does not fit the documented schema: %s", where, response)
				.isEmpty();
		}
	}

	private static Operation operation(String method, String template) {
		PathItem path = spec().getPaths().get(template);
		assertThat(path).as("documented path %s", template).isNotNull();
		Operation operation = path.readOperationsMap().get(PathItem.HttpMethod.valueOf(method));
		assertThat(operation).as("documented operation %s %s", method, template).isNotNull();
		return operation;
	}

	/** Request body examples of an operation (scim+json), as JSON text by name. */
	private static Map<String, String> requestExamples(String method, String template) {
		RequestBody body = operation(method, template).getRequestBody();
		if (body.get$ref() != null) {
			body = spec().getComponents().getRequestBodies().get(refName(body.get$ref()));
		}
		Map<String, String> examples = new TreeMap<>();
		Map<String, Example> documented = body.getContent().get(SCIM_JSON).getExamples();
		if (documented == null) {
			return examples;
		}
		documented.forEach((name, example) -> {
			Example resolved = (example.get$ref() != null)
					? spec().getComponents().getExamples().get(refName(example.get$ref())) : example;
			try {
				examples.put(name, JSON.writeValueAsString(resolved.getValue()));
			}
			catch (JsonProcessingException ex) {
				throw new IllegalStateException("Example " + name + " is not JSON", ex);
			}
		});
		return examples;
	}

	/**
	 * A small structural check of a JSON value against an OpenAPI 3.0 schema: types, required
	 * properties, enums and patterns, through $ref, allOf, oneOf and anyOf.
	 */
	private static void conform(Schema<?> schema, JsonNode node, String where, List<String> problems) {
		schema = resolve(schema);
		if (node == null || node.isMissingNode()) {
			problems.add(where + ": no body");
			return;
		}
		if (node.isNull() && Boolean.TRUE.equals(schema.getNullable())) {
			return;
		}
		if (schema.getAllOf() != null) {
			for (Schema<?> part : schema.getAllOf()) {
				conform(part, node, where, problems);
			}
		}
		for (List<Schema> alternatives : List.of(nonNull(schema.getOneOf()), nonNull(schema.getAnyOf()))) {
			if (!alternatives.isEmpty() && alternatives.stream().noneMatch((alternative) -> {
				List<String> found = new ArrayList<>();
				conform(alternative, node, where, found);
				return found.isEmpty();
			})) {
				problems.add(where + ": fits none of the documented alternatives");
			}
		}
		String type = schema.getType();
		if (type == null && schema.getProperties() != null) {
			type = "object";
		}
		if (type == null) {
			return;
		}
		switch (type) {
			case "object" -> conformObject(schema, node, where, problems);
			case "array" -> {
				if (!node.isArray()) {
					problems.add(where + ": expected an array, got " + node.getNodeType());
				}
				else if (schema.getItems() != null) {
					for (int i = 0; i < node.size(); i++) {
						conform(schema.getItems(), node.get(i), where + "[" + i + "]", problems);
					}
				}
			}
			case "string" -> {
				if (!node.isTextual()) {
					problems.add(where + ": expected a string, got " + node.getNodeType());
				}
				else if (schema.getPattern() != null
						&& !Pattern.compile(schema.getPattern()).matcher(node.textValue()).find()) {
					problems.add(where + ": '" + node.textValue() + "' does not match " + schema.getPattern());
				}
			}
			case "integer" -> expect(node.isIntegralNumber(), "an integer", node, where, problems);
			case "number" -> expect(node.isNumber(), "a number", node, where, problems);
			case "boolean" -> expect(node.isBoolean(), "a boolean", node, where, problems);
			default -> problems.add(where + ": unknown schema type " + type);
		}
		if (schema.getEnum() != null && node.isValueNode()
				&& schema.getEnum().stream().map(String::valueOf).noneMatch(node.asText()::equals)) {
			problems.add(where + ": " + node + " is not one of " + schema.getEnum());
		}
	}

	private static void conformObject(Schema<?> schema, JsonNode node, String where, List<String> problems) {
		if (!node.isObject()) {
			problems.add(where + ": expected an object, got " + node.getNodeType());
			return;
		}
		if (schema.getRequired() != null) {
			for (String required : schema.getRequired()) {
				if (!node.has(required)) {
					problems.add(where + ": required '" + required + "' is missing");
				}
			}
		}
		Map<String, Schema> properties = (schema.getProperties() != null) ? schema.getProperties() : Map.of();
		var fields = node.properties().iterator();
		while (fields.hasNext()) {
			var field = fields.next();
			Schema<?> property = properties.get(field.getKey());
			if (property != null) {
				conform(property, field.getValue(), where + "." + field.getKey(), problems);
			}
			else if (Boolean.FALSE.equals(schema.getAdditionalProperties())) {
				problems.add(where + ": '" + field.getKey() + "' is not documented");
			}
		}
	}

	private static void expect(boolean condition, String what, JsonNode node, String where, List<String> problems) {
		if (!condition) {
			problems.add(where + ": expected " + what + ", got " + node);
		}
	}

	// --- /Schemas against the document ---

	/** Attribute names and kinds of a published schema against a documented object schema. */
	private static void compareAttributes(String where, JsonNode attributes, Schema<?> documented,
			List<String> problems) {
		Map<String, Schema> properties = new TreeMap<>(resolve(documented).getProperties());
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
			property = resolve(property);
			boolean multiValued = attribute.get("multiValued").asBoolean();
			if (multiValued != "array".equals(property.getType())) {
				problems.add(where + ":" + name + " is " + (multiValued ? "" : "not ")
						+ "multi-valued but documented as " + property.getType());
				continue;
			}
			Schema<?> single = multiValued ? resolve(property.getItems()) : property;
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

	private static synchronized OpenAPI spec() {
		if (spec == null) {
			SwaggerParseResult result = parse();
			assertThat(result.getMessages()).as("swagger-parser messages for %s", SPEC_FILE).isEmpty();
			spec = result.getOpenAPI();
		}
		return spec;
	}

	private static SwaggerParseResult parse() {
		assertThat(Files.isRegularFile(SPEC_FILE)).as("%s exists", SPEC_FILE.toAbsolutePath()).isTrue();
		ParseOptions options = new ParseOptions();
		options.setResolve(true);
		SwaggerParseResult result = new OpenAPIV3Parser().readLocation(SPEC_FILE.toString(), null, options);
		assertThat(result.getOpenAPI()).as("%s parses: %s", SPEC_FILE, result.getMessages()).isNotNull();
		return result;
	}

	private static Schema<?> resolve(Schema<?> schema) {
		Schema<?> resolved = schema;
		while (resolved != null && resolved.get$ref() != null) {
			resolved = spec().getComponents().getSchemas().get(refName(resolved.get$ref()));
		}
		assertThat(resolved).as("schema %s resolves", (schema != null) ? schema.get$ref() : null).isNotNull();
		return resolved;
	}

	private static ApiResponse resolve(ApiResponse response) {
		return (response.get$ref() != null) ? spec().getComponents().getResponses().get(refName(response.get$ref()))
				: response;
	}

	private static Header resolve(Header header) {
		return (header.get$ref() != null) ? spec().getComponents().getHeaders().get(refName(header.get$ref())) : header;
	}

	private static String refName(String ref) {
		return ref.substring(ref.lastIndexOf('/') + 1);
	}

	private static List<Schema> nonNull(List<Schema> schemas) {
		return (schemas != null) ? schemas : List.of();
	}

}
