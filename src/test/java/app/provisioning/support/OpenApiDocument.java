package app.provisioning.support;

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

import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * One of the OpenAPI documents in openapi/, and what the tests that keep it true check:
 * that it parses, that its routes are the ones the running server maps under its base
 * path (both directions), and that a real response is one the document promises.
 */
public final class OpenApiDocument {

	private static final Pattern PATH_VARIABLE = Pattern.compile("\\{[^}/]+\\}");

	private static final ObjectMapper JSON = new ObjectMapper();

	private final Path file;

	private final SwaggerParseResult parsed;

	private OpenApiDocument(Path file, SwaggerParseResult parsed) {
		this.file = file;
		this.parsed = parsed;
	}

	/**
	 * Parses the document with references resolved; it must exist and be an OpenAPI
	 * document.
	 */
	public static OpenApiDocument read(Path file) {
		assertThat(Files.isRegularFile(file)).as("%s exists", file.toAbsolutePath()).isTrue();
		ParseOptions options = new ParseOptions();
		options.setResolve(true);
		SwaggerParseResult result = new OpenAPIV3Parser().readLocation(file.toString(), null, options);
		assertThat(result.getOpenAPI()).as("%s parses: %s", file, result.getMessages()).isNotNull();
		return new OpenApiDocument(file, result);
	}

	/**
	 * What swagger-parser found wrong: missing references, invalid fields, unknown types
	 * …
	 */
	public List<String> parserMessages() {
		return (this.parsed.getMessages() != null) ? this.parsed.getMessages() : List.of();
	}

	public OpenAPI openApi() {
		return this.parsed.getOpenAPI();
	}

	public Path file() {
		return this.file;
	}

	// --- the routes ---

	/**
	 * Servers whose path is not {@code base}, as "url resolves to path": none for a sound
	 * document.
	 */
	public List<String> serversNotAt(String base) {
		List<String> problems = new ArrayList<>();
		for (Server server : openApi().getServers()) {
			String prefix = pathOf(server);
			if (!base.equals(prefix)) {
				problems.add(server.getUrl() + " resolves to path '" + prefix + "'");
			}
		}
		return problems;
	}

	/**
	 * Fails, listing the differences, unless the routes the server maps under
	 * {@code base} and the routes the document describes are the same set of (method,
	 * path template) pairs.
	 */
	public void assertSameRoutesAsServer(ApplicationContext context, String base) {
		Map<String, String> mapped = mappedRoutes(context, base);
		Map<String, String> documented = documentedRoutes();
		assertThat(mapped).as("no handler mapped under %s: the comparison would prove nothing", base).isNotEmpty();
		Set<String> undocumented = new TreeSet<>(mapped.keySet());
		undocumented.removeAll(documented.keySet());
		Set<String> unmapped = new TreeSet<>(documented.keySet());
		unmapped.removeAll(mapped.keySet());
		StringBuilder message = new StringBuilder();
		if (!undocumented.isEmpty()) {
			message.append("Mapped by the server but missing from ").append(this.file).append(':');
			undocumented.forEach((route) -> message.append("\n  ").append(mapped.get(route)));
		}
		if (!unmapped.isEmpty()) {
			message.append(message.isEmpty() ? "" : "\n")
				.append("Documented in ")
				.append(this.file)
				.append(" but not mapped by the server:");
			unmapped.forEach((route) -> message.append("\n  ").append(documented.get(route)));
		}
		if (!message.isEmpty()) {
			fail(message.toString());
		}
	}

	/** Normalised route ({@code GET /scim/v2/Users/{}}) to how the server declares it. */
	private static Map<String, String> mappedRoutes(ApplicationContext context, String base) {
		Map<String, String> routes = new TreeMap<>();
		for (RequestMappingHandlerMapping mapping : context.getBeansOfType(RequestMappingHandlerMapping.class)
			.values()) {
			for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mapping.getHandlerMethods().entrySet()) {
				Set<RequestMethod> methods = entry.getKey().getMethodsCondition().getMethods();
				String handler = " (" + entry.getValue().getBeanType().getSimpleName() + "."
						+ entry.getValue().getMethod().getName() + ")";
				for (String pattern : entry.getKey().getPatternValues()) {
					if (!isUnder(base, pattern)) {
						continue;
					}
					if (methods.isEmpty()) {
						// Mapped for every HTTP method: never what the document
						// describes.
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
	private Map<String, String> documentedRoutes() {
		OpenAPI openApi = openApi();
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

	private static boolean isUnder(String base, String pattern) {
		String lower = pattern.toLowerCase(Locale.ROOT);
		String prefix = base.toLowerCase(Locale.ROOT);
		return lower.equals(prefix) || lower.startsWith(prefix + "/");
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
	 * The response's status is documented for the operation; a documented body comes with
	 * a documented media type and, when JSON, fits the documented schema; an undocumented
	 * body is absent; required headers are present.
	 */
	public void assertDocumented(String method, String template, ScimResponse response) {
		String where = method + " " + template + " answered " + response.status();
		Operation operation = operation(method, template);
		ApiResponse documented = operation.getResponses().get(Integer.toString(response.status()));
		assertThat(documented).as("%s, a status the document does not list: %s", where, response).isNotNull();
		documented = resolve(documented);
		if (documented.getHeaders() != null) {
			for (Map.Entry<String, Header> header : documented.getHeaders().entrySet()) {
				if (Boolean.TRUE.equals(resolve(header.getValue()).getRequired())) {
					assertThat(response.header(header.getKey()))
						.as("%s without the documented %s header", where, header.getKey())
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
		if (!actual.getSubtype().endsWith("json")) {
			assertThat(response.rawBody()).as("%s with an empty %s body", where, mediaType).isNotEmpty();
			return;
		}
		if (schema != null) {
			List<String> problems = new ArrayList<>();
			conform(schema, response.body(), "$", problems);
			assertThat(problems).as("%s with a body that does not fit the documented schema: %s", where, response)
				.isEmpty();
		}
	}

	public Operation operation(String method, String template) {
		PathItem path = openApi().getPaths().get(template);
		assertThat(path).as("documented path %s", template).isNotNull();
		Operation operation = path.readOperationsMap().get(PathItem.HttpMethod.valueOf(method));
		assertThat(operation).as("documented operation %s %s", method, template).isNotNull();
		return operation;
	}

	/** Request body examples of an operation in one media type, as JSON text by name. */
	public Map<String, String> requestExamples(String method, String template, String mediaType) {
		RequestBody body = operation(method, template).getRequestBody();
		assertThat(body).as("%s %s has a request body", method, template).isNotNull();
		if (body.get$ref() != null) {
			body = openApi().getComponents().getRequestBodies().get(refName(body.get$ref()));
		}
		Map<String, String> examples = new TreeMap<>();
		Map<String, Example> documented = body.getContent().get(mediaType).getExamples();
		if (documented == null) {
			return examples;
		}
		documented.forEach((name, example) -> {
			Example resolved = (example.get$ref() != null)
					? openApi().getComponents().getExamples().get(refName(example.get$ref())) : example;
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
	 * A small structural check of a JSON value against an OpenAPI 3.0 schema: types,
	 * required properties, enums and patterns, through $ref, allOf, oneOf and anyOf.
	 */
	public void conform(Schema<?> schema, JsonNode node, String where, List<String> problems) {
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
		if (node.isNull()) {
			problems.add(where + ": null, but the document does not say it may be");
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

	private void conformObject(Schema<?> schema, JsonNode node, String where, List<String> problems) {
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
			else if (schema.getAdditionalProperties() instanceof Schema<?> additional) {
				conform(additional, field.getValue(), where + "." + field.getKey(), problems);
			}
		}
	}

	private static void expect(boolean condition, String what, JsonNode node, String where, List<String> problems) {
		if (!condition) {
			problems.add(where + ": expected " + what + ", got " + node);
		}
	}

	// --- references ---

	/** A component schema by name. */
	public Schema<?> schema(String name) {
		Schema<?> schema = openApi().getComponents().getSchemas().get(name);
		assertThat(schema).as("component schema %s in %s", name, this.file).isNotNull();
		return schema;
	}

	public Schema<?> resolve(Schema<?> schema) {
		Schema<?> resolved = schema;
		while (resolved != null && resolved.get$ref() != null) {
			resolved = openApi().getComponents().getSchemas().get(refName(resolved.get$ref()));
		}
		assertThat(resolved).as("schema %s resolves", (schema != null) ? schema.get$ref() : null).isNotNull();
		return resolved;
	}

	private ApiResponse resolve(ApiResponse response) {
		return (response.get$ref() != null) ? openApi().getComponents().getResponses().get(refName(response.get$ref()))
				: response;
	}

	private Header resolve(Header header) {
		return (header.get$ref() != null) ? openApi().getComponents().getHeaders().get(refName(header.get$ref()))
				: header;
	}

	private static String refName(String ref) {
		return ref.substring(ref.lastIndexOf('/') + 1);
	}

	private static List<Schema> nonNull(List<Schema> schemas) {
		return (schemas != null) ? schemas : List.of();
	}

}
