package app.provisioning.support;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One answer of the fake: status, extra headers and a JSON body. Kept apart from
 * WireMock's types because a {@code $batch} embeds answers in its own body.
 */
record FakeGraphResponse(int status, Map<String, String> headers, JsonNode body) {

	static FakeGraphResponse ok(JsonNode body) {
		return new FakeGraphResponse(200, Map.of(), body);
	}

	/**
	 * Graph's error shape, {@code innerError} included: clients log the request-id, and
	 * some parse nothing but {@code error.code}.
	 */
	static FakeGraphResponse graphError(int status, String code, String message) {
		String requestId = UUID.randomUUID().toString();
		ObjectNode body = JsonNodeFactory.instance.objectNode();
		ObjectNode error = body.putObject("error");
		error.put("code", code);
		error.put("message", message);
		error.putObject("innerError")
			.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
			.put("request-id", requestId)
			.put("client-request-id", requestId);
		return new FakeGraphResponse(status, Map.of("request-id", requestId, "client-request-id", requestId), body);
	}

	static FakeGraphResponse notFound(String resource) {
		return graphError(404, "Request_ResourceNotFound", "Resource '" + resource
				+ "' does not exist or one of its queried reference-property objects are not present.");
	}

	static FakeGraphResponse badRequest(String message) {
		return graphError(400, "Request_BadRequest", message);
	}

	FakeGraphResponse withHeader(String name, String value) {
		Map<String, String> headers = new LinkedHashMap<>(this.headers);
		headers.put(name, value);
		return new FakeGraphResponse(this.status, headers, this.body);
	}

	/**
	 * Ends request handling early with this answer (a 400, 403 or 404 deep in a handler).
	 */
	Failure fail() {
		return new Failure(this);
	}

	static final class Failure extends RuntimeException {

		private final transient FakeGraphResponse response;

		private Failure(FakeGraphResponse response) {
			super(null, null, false, false);
			this.response = response;
		}

		FakeGraphResponse response() {
			return this.response;
		}

	}

}
