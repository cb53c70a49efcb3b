package app.provisioning.support;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The identity platform's {@code /{tenant}/oauth2/v2.0/token} for client credentials,
 * with the AADSTS errors administrators actually meet (wrong tenant, client ID or secret,
 * expired secret), in the exact body shape MSAL parses into an exception with status and
 * message.
 */
final class FakeGraphTokenEndpoint {

	private static final DateTimeFormatter AAD_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
		.withZone(ZoneOffset.UTC);

	private final Function<String, FakeGraphTenant> tenants;

	private final FakeGraphJwt jwt;

	FakeGraphTokenEndpoint(Function<String, FakeGraphTenant> tenants, FakeGraphJwt jwt) {
		this.tenants = tenants;
		this.jwt = jwt;
	}

	FakeGraphResponse token(String tenantId, String body, String authorization) {
		FakeGraphTenant tenant = this.tenants.apply(tenantId);
		if (tenant == null) {
			return error(400, "invalid_request", 90002, "Tenant '" + tenantId + "' not found. Check to make sure you"
					+ " have the correct tenant ID and are signing into the correct cloud. Check with your subscription"
					+ " administrator, this may happen if there are no active subscriptions for the tenant.");
		}
		tenant.count("/oauth2/v2.0/token");
		Map<String, String> form = form(body);
		basic(authorization, form);
		if (!"client_credentials".equals(form.get("grant_type"))) {
			return error(400, "unsupported_grant_type", 70003,
					"The app requested an unsupported grant type '" + form.get("grant_type") + "'.");
		}
		String clientId = form.getOrDefault("client_id", "");
		FakeGraphApp app = tenant.app(clientId).orElse(null);
		if (app == null) {
			return error(400, "unauthorized_client", 700016, "Application with identifier '" + clientId
					+ "' was not found in the directory '" + tenant.id() + "'. This can happen if the application has"
					+ " not been installed by the administrator of the tenant or consented to by any user in the"
					+ " tenant. You may have sent your authentication request to the wrong tenant.");
		}
		if (!app.secret().equals(form.get("client_secret"))) {
			return error(401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent"
					+ " in the request is the client secret value, not the client secret ID, for a secret added to"
					+ " app '" + app.clientId() + "'.");
		}
		if (app.secretExpired()) {
			return error(401, "invalid_client", 7000222, "The provided client secret keys for app '" + app.clientId()
					+ "' are expired. Visit the Azure portal to create new keys for your app:"
					+ " https://aka.ms/NewClientSecret, or consider using certificate credentials for added security:"
					+ " https://aka.ms/certCreds.");
		}
		String scope = form.getOrDefault("scope", "");
		if (!scope.contains(FakeGraphJwt.GRAPH_AUDIENCE + "/.default")) {
			return error(400, "invalid_scope", 1002012,
					"The provided value for scope " + scope + " is not valid."
							+ " Client credential flows must have a scope value with /.default suffixed to the resource"
							+ " identifier (application ID URI).");
		}
		ObjectNode answer = JsonNodeFactory.instance.objectNode();
		answer.put("token_type", "Bearer");
		answer.put("expires_in", FakeGraphJwt.LIFETIME_SECONDS);
		answer.put("ext_expires_in", FakeGraphJwt.LIFETIME_SECONDS);
		answer.put("access_token", this.jwt.issue(tenant, app));
		return FakeGraphResponse.ok(answer);
	}

	/**
	 * The identity platform's error body. MSAL only reports the status (and the AADSTS
	 * code in its message) when both {@code error} and {@code error_description} are
	 * present.
	 */
	static FakeGraphResponse error(int status, String error, int code, String description) {
		String now = AAD_TIME.format(Instant.now());
		String traceId = UUID.randomUUID().toString();
		String correlationId = UUID.randomUUID().toString();
		ObjectNode body = JsonNodeFactory.instance.objectNode();
		body.put("error", error);
		body.put("error_description", "AADSTS" + code + ": " + description + "\r\nTrace ID: " + traceId
				+ "\r\nCorrelation ID: " + correlationId + "\r\nTimestamp: " + now);
		body.putArray("error_codes").add(code);
		body.put("timestamp", now);
		body.put("trace_id", traceId);
		body.put("correlation_id", correlationId);
		body.put("error_uri", "https://login.microsoftonline.com/error?code=" + code);
		return new FakeGraphResponse(status, Map.of(), body);
	}

	private static Map<String, String> form(String body) {
		Map<String, String> form = new HashMap<>();
		if (body == null) {
			return form;
		}
		for (String pair : body.split("&")) {
			int equals = pair.indexOf('=');
			if (equals > 0) {
				form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
						URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
			}
		}
		return form;
	}

	/**
	 * client_secret_basic: the client ID and secret may come in the Authorization header
	 * instead.
	 */
	private static void basic(String authorization, Map<String, String> form) {
		if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			return;
		}
		try {
			String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
					StandardCharsets.UTF_8);
			int colon = decoded.indexOf(':');
			if (colon > 0) {
				form.putIfAbsent("client_id", URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8));
				form.putIfAbsent("client_secret",
						URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8));
			}
		}
		catch (IllegalArgumentException ex) {
			// not Basic credentials after all: the form decides
		}
	}

}
