package app.provisioning.support;

import java.net.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;

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

	/**
	 * Where each problem of a refused request is: the {@code pointer} of each entry of
	 * the problem's {@code errors}, in order (null for a problem without one).
	 */
	public List<String> errorPointers() {
		List<String> pointers = new ArrayList<>();
		this.body.path("errors")
			.forEach((error) -> pointers.add(error.has("pointer") ? error.get("pointer").asText() : null));
		return pointers;
	}

	/** What each problem of a refused request says: {@code errors[].detail}, in order. */
	public List<String> errorDetails() {
		List<String> details = new ArrayList<>();
		this.body.path("errors").forEach((error) -> details.add(error.path("detail").asText()));
		return details;
	}

	@Override
	public String toString() {
		return this.status + " " + this.rawBody;
	}

}
