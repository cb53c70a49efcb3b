package app.provisioning.reconcile;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.provisioning.platform.Refusal;
import app.provisioning.reconcile.graph.GraphClient;
import app.provisioning.reconcile.graph.GraphCredentials;
import app.provisioning.reconcile.graph.GraphException;
import app.provisioning.reconcile.graph.GraphTokens;

import org.springframework.stereotype.Service;

/**
 * "Test Connection": signs in as the app registration and makes one JSON batch request to
 * Graph that tries each thing the integration needs (users, groups, deleted users, the
 * application object). Answers with one precise outcome an administrator can act on.
 */
@Service
public class ConnectionTest {

	private static final Logger log = LoggerFactory.getLogger(ConnectionTest.class);

	private static final ObjectMapper MAPPER = new ObjectMapper();

	/** Warn about a client secret that expires within this time. */
	static final Duration EXPIRY_WARNING = Duration.ofDays(30);

	public enum Outcome {

		CONNECTED, NOT_CONFIGURED, BAD_TENANT, BAD_CLIENT_ID, BAD_SECRET, EXPIRED_SECRET, MISSING_PERMISSION,
		BAD_APPLICATION_OBJECT_ID, NETWORK_ERROR, GRAPH_ERROR

	}

	/** One thing tried, and what came of it. */
	public record Check(String name, boolean ok, String detail) {
	}

	public record Result(boolean ok, Outcome outcome, String message, List<String> grantedPermissions,
			List<String> missingPermissions, List<Check> checks, List<String> warnings, String applicationName,
			Instant clientSecretExpiresAt, Instant checkedAt) {
	}

	private final GraphConnections connections;

	private final LastTestResults lastResults;

	private final GraphTokens tokens;

	private final GraphClient graph;

	private final Clock clock;

	ConnectionTest(GraphConnections connections, LastTestResults lastResults, GraphTokens tokens, GraphClient graph,
			Clock clock) {
		this.connections = connections;
		this.lastResults = lastResults;
		this.tokens = tokens;
		this.graph = graph;
		this.clock = clock;
	}

	/**
	 * Tests the saved connection, or {@code draft} settings before they are saved (a
	 * blank secret in the draft means the saved one). The result of testing saved
	 * settings is kept.
	 */
	public Result test(UUID accountId, ConnectionSettings draft) {
		var saved = this.connections.find(accountId);
		ConnectionSettings settings = draft;
		if (draft == null) {
			if (saved.isEmpty()) {
				return result(Outcome.NOT_CONFIGURED,
						"No Entra connection is saved for this account yet: enter the tenant"
								+ " ID, client ID, client secret and application object ID",
						List.of(), List.of(), List.of(), List.of(), null, null);
			}
			settings = new ConnectionSettings(saved.get().tenantId(), saved.get().clientId(), null,
					saved.get().applicationObjectId());
		}
		boolean secretStored = saved.isPresent() && saved.get().clientSecretSet();
		List<String> problems = settings.problems(secretStored);
		if (!problems.isEmpty()) {
			throw Refusal.invalid(String.join("; ", problems));
		}
		String secret = (settings.clientSecret() != null && !settings.clientSecret().isBlank())
				? settings.clientSecret().trim() : this.connections.clientSecret(accountId);
		String hint = secret.substring(0, Math.min(3, secret.length()));
		Result result = run(new GraphCredentials(settings.tenantId().trim(), settings.clientId().trim(), secret),
				blank(settings.applicationObjectId()), hint);
		log.info("Test connection for account {}: {} ({})", accountId, result.outcome(), result.message());
		if (draft == null) {
			this.lastResults.record(accountId, result);
		}
		return result;
	}

	private Result run(GraphCredentials credentials, String objectId, String secretHint) {
		List<Check> checks = new ArrayList<>();
		String token;
		try {
			token = this.tokens.token(credentials, true);
			checks.add(new Check("token", true,
					"Signed in to tenant " + credentials.tenantId() + " as application " + credentials.clientId()));
		}
		catch (GraphException ex) {
			return signInFailure(credentials, ex);
		}
		List<String> roles = roles(token);
		ArrayNode requests = JsonNodeFactory.instance.arrayNode();
		request(requests, "users", "/users?$top=1&$select=id");
		request(requests, "groups", "/groups?$top=1&$select=id");
		request(requests, "deletedUsers", "/directory/deletedItems/microsoft.graph.user?$top=1&$select=id");
		request(requests, "application", "/applications(appId='" + credentials.clientId()
				+ "')?$select=id,appId,displayName,passwordCredentials");
		if (objectId != null) {
			request(requests, "servicePrincipal", "/servicePrincipals/" + objectId + "?$select=id,appId,displayName");
		}
		Map<String, JsonNode> answers = new LinkedHashMap<>();
		try {
			JsonNode batch = this.graph.batch(credentials, requests);
			for (JsonNode response : batch.path("responses")) {
				answers.put(response.path("id").asText(), response);
			}
		}
		catch (GraphException ex) {
			Outcome outcome = ex.unreachable() ? Outcome.NETWORK_ERROR : Outcome.GRAPH_ERROR;
			return result(outcome,
					"Signed in, but Microsoft Graph "
							+ (ex.unreachable() ? "could not be reached: " : "refused the request: ") + ex.getMessage(),
					roles, List.of(), checks, List.of(), null, null);
		}
		List<String> missing = new ArrayList<>();
		List<String> warnings = new ArrayList<>();
		List<String> failed = new ArrayList<>();
		probe(answers, "users", GraphPermission.USER_READ_ALL, checks, missing, failed);
		probe(answers, "groups", GraphPermission.GROUP_MEMBER_READ_ALL, checks, missing, failed);
		probe(answers, "deletedUsers", GraphPermission.USER_READ_ALL, checks, missing, failed);
		JsonNode application = answers.getOrDefault("application", JsonNodeFactory.instance.objectNode());
		int applicationStatus = application.path("status").asInt();
		String applicationName = application.path("body").path("displayName").asText(null);
		Instant expires = null;
		if (applicationStatus == 200) {
			expires = secretExpiry(application.path("body").path("passwordCredentials"), secretHint);
			checks.add(new Check("application", true, "Read the app registration '" + applicationName + "'"
					+ ((expires != null) ? "; the client secret expires " + expires : "")));
			if (expires != null && expires.isBefore(this.clock.instant().plus(EXPIRY_WARNING))) {
				warnings.add("The client secret expires on " + expires + ": add a new secret in Certificates & secrets"
						+ " and save it here before then");
			}
		}
		else {
			String why = (applicationStatus == 403) ? "not permitted"
					: "HTTP " + applicationStatus + " " + errorCode(application);
			checks.add(new Check("application", false, "Could not read the app registration (" + why + ")"));
			if (applicationStatus == 403) {
				warnings.add("Optional permission " + GraphPermission.APPLICATION_READ_ALL.permissionName()
						+ " is missing: the server cannot tell when the client secret expires");
			}
		}
		if (!missing.isEmpty()) {
			List<String> distinct = missing.stream().distinct().toList();
			String advice = distinct.stream()
				.map((name) -> permission(name).advice(credentials.tenantId()))
				.reduce((a, b) -> a + ". " + b)
				.orElse("");
			String consent = roles.isEmpty()
					? "The token carries no application permissions at all: admin consent" + " has not been granted. "
					: "";
			return result(Outcome.MISSING_PERMISSION,
					consent + "Missing permission " + String.join(", ", distinct) + ". " + advice, roles, distinct,
					checks, warnings, applicationName, expires);
		}
		if (!failed.isEmpty()) {
			return result(Outcome.GRAPH_ERROR,
					"Signed in, but Microsoft Graph did not answer for " + String.join(", ", failed)
							+ " (throttled or unavailable); try again in a few minutes",
					roles, List.of(), checks, warnings, applicationName, expires);
		}
		if (objectId != null) {
			Check objectCheck = objectIdCheck(objectId, application, answers.get("servicePrincipal"), credentials);
			checks.add(objectCheck);
			if (!objectCheck.ok()) {
				return result(Outcome.BAD_APPLICATION_OBJECT_ID, objectCheck.detail(), roles, List.of(), checks,
						warnings, applicationName, expires);
			}
		}
		return result(
				Outcome.CONNECTED, "Connected: the app registration can read users, deleted users and groups"
						+ " in tenant " + credentials.tenantId(),
				roles, List.of(), checks, warnings, applicationName, expires);
	}

	private Result signInFailure(GraphCredentials credentials, GraphException ex) {
		String code = String.valueOf(ex.code());
		Outcome outcome;
		String message;
		if (ex.unreachable()) {
			outcome = Outcome.NETWORK_ERROR;
			message = ex.getMessage() + ". Check that this server can reach the Microsoft identity platform"
					+ " (outbound HTTPS, proxy, DNS)";
		}
		else if (code.equals("AADSTS90002") || code.equals("AADSTS900023") || code.equals("AADSTS90013")
				|| code.equals("AADSTS900021")) {
			outcome = Outcome.BAD_TENANT;
			message = "Tenant '" + credentials.tenantId()
					+ "' was not found: use the Directory (tenant) ID from the app" + " registration's Overview page ("
					+ code + ")";
		}
		else if (code.equals("AADSTS700016")) {
			outcome = Outcome.BAD_CLIENT_ID;
			message = "No application with client ID " + credentials.clientId() + " exists in tenant "
					+ credentials.tenantId() + ": use the Application (client) ID from the app registration's Overview"
					+ " page, and check the app was registered in this tenant (" + code + ")";
		}
		else if (code.equals("AADSTS7000222")) {
			outcome = Outcome.EXPIRED_SECRET;
			message = "The client secret has expired: add a new one under Certificates & secrets and save its Value"
					+ " here (" + code + ")";
		}
		else if (code.equals("AADSTS7000215") || code.equals("AADSTS7000218") || code.equals("invalid_client")) {
			outcome = Outcome.BAD_SECRET;
			message = "The client secret is wrong: paste the secret's Value (not its Secret ID) from Certificates &"
					+ " secrets (" + code + ")";
		}
		else {
			outcome = Outcome.GRAPH_ERROR;
			message = "The Microsoft identity platform refused to sign in: " + ex.getMessage();
		}
		return result(outcome, message, List.of(), List.of(), List.of(new Check("token", false, ex.getMessage())),
				List.of(), null, null);
	}

	private static void probe(Map<String, JsonNode> answers, String id, GraphPermission permission, List<Check> checks,
			List<String> missing, List<String> failed) {
		JsonNode answer = answers.get(id);
		int status = (answer != null) ? answer.path("status").asInt() : 0;
		if (status == 200) {
			checks.add(new Check(id, true, "Read " + id));
		}
		else if (status == 403 || status == 401) {
			checks.add(new Check(id, false, "Not permitted to read " + id + " (" + errorCode(answer) + ")"));
			missing.add(permission.permissionName());
		}
		else {
			checks.add(new Check(id, false, "Reading " + id + " failed: HTTP " + status + " " + errorCode(answer)));
			failed.add(id);
		}
	}

	private static Check objectIdCheck(String objectId, JsonNode application, JsonNode servicePrincipal,
			GraphCredentials credentials) {
		if (objectId.equalsIgnoreCase(application.path("body").path("id").asText(""))) {
			return new Check("applicationObjectId", true, "The application object ID is the app registration's");
		}
		if (servicePrincipal != null && servicePrincipal.path("status").asInt() == 200) {
			if (credentials.clientId().equalsIgnoreCase(servicePrincipal.path("body").path("appId").asText(""))) {
				return new Check("applicationObjectId", true,
						"The application object ID is the enterprise application's");
			}
			return new Check("applicationObjectId", false, "Object ID " + objectId + " is the enterprise application '"
					+ servicePrincipal.path("body").path("displayName").asText() + "' of another client ID ("
					+ servicePrincipal.path("body").path("appId").asText() + "), not of " + credentials.clientId());
		}
		if (application.path("status").asInt() != 200 && servicePrincipal != null
				&& servicePrincipal.path("status").asInt() == 403) {
			return new Check("applicationObjectId", true,
					"The application object ID could not be checked (no permission" + " to read applications)");
		}
		return new Check("applicationObjectId", false,
				"No app registration or enterprise application with object ID " + objectId + " exists for client ID "
						+ credentials.clientId() + ": copy the Object ID from the app"
						+ " registration's Overview page");
	}

	/**
	 * The expiry of the secret in use: Entra shows each secret's first three characters
	 * as its hint.
	 */
	private static Instant secretExpiry(JsonNode passwordCredentials, String hint) {
		Instant latest = null;
		for (JsonNode credential : passwordCredentials) {
			if (hint.equals(credential.path("hint").asText(null)) && credential.hasNonNull("endDateTime")) {
				try {
					Instant end = OffsetDateTime.parse(credential.path("endDateTime").asText()).toInstant();
					latest = (latest == null || end.isAfter(latest)) ? end : latest;
				}
				catch (java.time.format.DateTimeParseException ex) {
					// an unreadable date tells nothing about expiry
				}
			}
		}
		return latest;
	}

	/**
	 * The app permissions granted to the token ({@code roles}); Graph tokens are JWTs we
	 * only read, never trust.
	 */
	static List<String> roles(String token) {
		String[] parts = token.split("\\.");
		if (parts.length < 2) {
			return List.of();
		}
		try {
			JsonNode claims = MAPPER
				.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
			List<String> roles = new ArrayList<>();
			claims.path("roles").forEach((role) -> roles.add(role.asText()));
			return roles;
		}
		catch (IllegalArgumentException | java.io.IOException ex) {
			return List.of();
		}
	}

	private static GraphPermission permission(String name) {
		for (GraphPermission permission : GraphPermission.values()) {
			if (permission.permissionName().equals(name)) {
				return permission;
			}
		}
		throw new IllegalArgumentException(name);
	}

	private static void request(ArrayNode requests, String id, String url) {
		requests.addObject().put("id", id).put("method", "GET").put("url", url);
	}

	private static String errorCode(JsonNode answer) {
		return (answer != null) ? answer.path("body").path("error").path("code").asText("") : "";
	}

	private Result result(Outcome outcome, String message, List<String> roles, List<String> missing, List<Check> checks,
			List<String> warnings, String applicationName, Instant expires) {
		return new Result(outcome == Outcome.CONNECTED, outcome, message, List.copyOf(roles), List.copyOf(missing),
				List.copyOf(checks), List.copyOf(warnings), applicationName, expires, this.clock.instant());
	}

	private static String blank(String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

}
