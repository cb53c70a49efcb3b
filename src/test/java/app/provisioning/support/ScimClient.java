package app.provisioning.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.scim2.common.utils.JsonUtils;

/**
 * Talks to the running server over real HTTP, as Entra does, with one account's bearer
 * token.
 */
public final class ScimClient {

	public static final String SCIM_JSON = "application/scim+json; charset=utf-8";

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final ObjectMapper MAPPER = JsonUtils.createObjectMapper();

	private final String baseUrl;

	private final String token;

	private final UUID accountId;

	public ScimClient(String baseUrl, String token, UUID accountId) {
		this.baseUrl = baseUrl;
		this.token = token;
		this.accountId = accountId;
	}

	public UUID accountId() {
		return this.accountId;
	}

	public String token() {
		return this.token;
	}

	/** Base URL of the SCIM API, e.g. http://localhost:1234/scim/v2 */
	public String baseUrl() {
		return this.baseUrl;
	}

	public ScimClient withToken(String otherToken) {
		return new ScimClient(this.baseUrl, otherToken, this.accountId);
	}

	public ScimResponse get(String path) {
		return send("GET", path, null, Map.of());
	}

	public ScimResponse post(String path, String json) {
		return send("POST", path, json, Map.of());
	}

	public ScimResponse put(String path, String json) {
		return send("PUT", path, json, Map.of());
	}

	public ScimResponse patch(String path, String json) {
		return send("PATCH", path, json, Map.of());
	}

	public ScimResponse delete(String path) {
		return send("DELETE", path, null, Map.of());
	}

	/**
	 * Sends a request. {@code path} is relative to the SCIM base and sent as given
	 * (encode query values with {@link #q}). Headers may override Content-Type and
	 * Authorization; an Authorization header with an empty value sends none.
	 */
	public ScimResponse send(String method, String path, String body, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(30));
		if (!headers.containsKey("Authorization") && this.token != null) {
			request.header("Authorization", "Bearer " + this.token);
		}
		if (body != null && !headers.containsKey("Content-Type")) {
			request.header("Content-Type", SCIM_JSON);
		}
		headers.forEach((name, value) -> {
			if (!value.isEmpty()) {
				request.header(name, value);
			}
		});
		request.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)
				: HttpRequest.BodyPublishers.noBody());
		try {
			HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
			String raw = response.body();
			JsonNode json = (raw == null || raw.isBlank()) ? null : parse(raw);
			return new ScimResponse(response.statusCode(), response.headers(), raw, json);
		}
		catch (IOException ex) {
			throw new IllegalStateException(method + " " + path + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static JsonNode parse(String raw) {
		try {
			return MAPPER.readTree(raw);
		}
		catch (IOException ex) {
			return null;
		}
	}

	/** URL-encodes a query value (spaces as {@code +}, as Entra sends them). */
	public static String q(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	public static JsonNode json(String text) {
		try {
			return MAPPER.readTree(text);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

	public static ObjectMapper mapper() {
		return MAPPER;
	}

}
