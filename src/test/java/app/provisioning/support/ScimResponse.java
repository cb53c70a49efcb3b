package app.provisioning.support;

import java.net.http.HttpHeaders;

import com.fasterxml.jackson.databind.JsonNode;

/** An HTTP response from the server under test, body parsed as JSON when there is one. */
public record ScimResponse(int status, HttpHeaders headers, String rawBody, JsonNode body) {

	public String header(String name) {
		return this.headers.firstValue(name).orElse(null);
	}

	public String contentType() {
		return header("Content-Type");
	}

	/** The id of a created resource. */
	public String id() {
		return this.body.get("id").asText();
	}

	@Override
	public String toString() {
		return this.status + " " + this.rawBody;
	}

}
