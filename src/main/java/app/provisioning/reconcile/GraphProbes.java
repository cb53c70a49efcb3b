package app.provisioning.reconcile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import app.provisioning.reconcile.ConnectionTest.Check;
import app.provisioning.reconcile.ConnectionTest.Result;
import app.provisioning.reconcile.graph.GraphClient;
import app.provisioning.reconcile.graph.GraphCredentials;
import app.provisioning.reconcile.graph.GraphException;
import app.provisioning.reconcile.graph.GraphTokens;

import org.springframework.stereotype.Component;

/**
 * Signs in as the app registration and makes one JSON batch request to Graph that tries
 * each thing the integration needs ({@link PermissionProbe}, {@link ApplicationProbe}).
 * The sign-in, the permissions, Graph's own answers and the object ID are judged in this
 * order, and the first problem decides the outcome: a later check means little while an
 * earlier one fails.
 */
@Component
class GraphProbes {

	private static final ObjectMapper MAPPER = new ObjectMapper();

	private final GraphTokens tokens;

	private final GraphClient graph;

	private final OutcomeMessages messages;

	private final Clock clock;

	GraphProbes(GraphTokens tokens, GraphClient graph, OutcomeMessages messages, Clock clock) {
		this.tokens = tokens;
		this.graph = graph;
		this.messages = messages;
		this.clock = clock;
	}

	/**
	 * Tests these credentials; {@code objectId} is the application object ID to check, or
	 * null, and {@code secretHint} tells the secret in use among the app's secrets.
	 */
	Result run(GraphCredentials credentials, String objectId, String secretHint) {
		ProbeFindings findings = new ProbeFindings();
		String token;
		try {
			// Past the cache: a cached token would hide a secret revoked, or consent
			// changed, since it was issued.
			token = this.tokens.token(credentials, true);
			findings.check("token", true,
					"Signed in to tenant " + credentials.tenantId() + " as application " + credentials.clientId());
		}
		catch (GraphException ex) {
			return this.messages.signInFailed(credentials, ex);
		}
		findings.granted(roles(token));
		Map<String, JsonNode> answers;
		try {
			answers = send(credentials, objectId);
		}
		catch (GraphException ex) {
			return this.messages.graphUnanswered(ex, findings);
		}
		for (PermissionProbe probe : PermissionProbe.values()) {
			probe.judge(answers.get(probe.id()), findings);
		}
		JsonNode application = answers.getOrDefault(ApplicationProbe.APPLICATION,
				JsonNodeFactory.instance.objectNode());
		ApplicationProbe.judge(application, secretHint, this.clock.instant(), findings);
		if (!findings.missingPermissions().isEmpty()) {
			return this.messages.missingPermission(credentials, findings);
		}
		if (!findings.unanswered().isEmpty()) {
			return this.messages.graphFailed(findings);
		}
		if (objectId != null) {
			Check objectIdCheck = ApplicationProbe.objectIdCheck(objectId, application,
					answers.get(ApplicationProbe.SERVICE_PRINCIPAL), credentials);
			findings.check(objectIdCheck);
			if (!objectIdCheck.ok()) {
				return this.messages.badObjectId(objectIdCheck, findings);
			}
		}
		return this.messages.connected(credentials, findings);
	}

	/** Graph's answers by request id. */
	private Map<String, JsonNode> send(GraphCredentials credentials, String objectId) {
		ArrayNode requests = JsonNodeFactory.instance.arrayNode();
		for (PermissionProbe probe : PermissionProbe.values()) {
			request(requests, probe.id(), probe.url());
		}
		request(requests, ApplicationProbe.APPLICATION, ApplicationProbe.applicationUrl(credentials));
		if (objectId != null) {
			request(requests, ApplicationProbe.SERVICE_PRINCIPAL, ApplicationProbe.servicePrincipalUrl(objectId));
		}
		Map<String, JsonNode> answers = new LinkedHashMap<>();
		JsonNode batch = this.graph.batch(credentials, requests);
		for (JsonNode response : batch.path("responses")) {
			answers.put(response.path("id").asText(), response);
		}
		return answers;
	}

	private static void request(ArrayNode requests, String id, String url) {
		requests.addObject().put("id", id).put("method", "GET").put("url", url);
	}

	/** Graph's error code in one answer of the batch; empty when there is none. */
	static String errorCode(JsonNode answer) {
		return (answer != null) ? answer.path("body").path("error").path("code").asText("") : "";
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
		catch (IllegalArgumentException | IOException ex) {
			return List.of();
		}
	}

}
