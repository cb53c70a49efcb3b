package app.provisioning.reconcile.graph;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.microsoft.aad.msal4j.HttpRequest;
import com.microsoft.aad.msal4j.IHttpClient;
import com.microsoft.aad.msal4j.IHttpResponse;

/**
 * MSAL4J's requests go through the same client as Graph's: same timeouts, same trust
 * store, same small thread pool.
 */
final class MsalHttpClient implements IHttpClient {

	private final HttpClient client;

	private final Duration timeout;

	MsalHttpClient(HttpClient client, Duration timeout) {
		this.client = client;
		this.timeout = timeout;
	}

	@Override
	public IHttpResponse send(HttpRequest request) throws Exception {
		java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest
			.newBuilder(URI.create(request.url().toString()))
			.timeout(this.timeout);
		if (request.headers() != null) {
			request.headers().forEach((name, value) -> {
				if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
					builder.header(name, value);
				}
			});
		}
		String body = request.body();
		builder.method(request.httpMethod().name(),
				(body != null) ? BodyPublishers.ofString(body, StandardCharsets.UTF_8) : BodyPublishers.noBody());
		HttpResponse<String> response = this.client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
		return new Response(response.statusCode(), response.headers().map(), response.body());
	}

	/** Headers the JDK client sets itself and refuses from callers. */
	private static final List<String> RESTRICTED = List.of("content-length", "host", "connection", "expect", "upgrade");

	private record Response(int statusCode, Map<String, List<String>> headers, String body) implements IHttpResponse {
	}

}
