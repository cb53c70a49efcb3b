package app.provisioning.reconcile.graph;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Reads Microsoft Graph v1.0 with an app token: single requests, {@code @odata.nextLink}
 * paging one page at a time (a tenant is never held in memory), and JSON batches.
 * Throttling (429, 503 with {@code Retry-After}) and transient failures are retried a
 * bounded number of times; an expired token is renewed once.
 */
@Component
public class GraphClient {

	private static final Logger log = LoggerFactory.getLogger(GraphClient.class);

	private static final ObjectMapper MAPPER = new ObjectMapper();

	private final GraphHttp http;

	private final GraphTokens tokens;

	private final GraphProperties properties;

	GraphClient(GraphHttp http, GraphTokens tokens) {
		this.http = http;
		this.tokens = tokens;
		this.properties = http.properties();
	}

	/** Receives one page of a collection ({@code value}), in order. */
	@FunctionalInterface
	public interface PageHandler {

		void page(JsonNode values);

	}

	/** Items per page to ask for ({@code $top}). */
	public int pageSize() {
		return this.properties.pageSize();
	}

	/** GET of a path below {@code /v1.0} (with its query), answered as JSON. */
	public JsonNode get(GraphCredentials credentials, String path) {
		return send(credentials, "GET", url(path), null);
	}

	/**
	 * What a paged read found: how many items, and the delta link that ended a delta
	 * round (else null).
	 */
	public record Listing(long items, String deltaLink) {
	}

	/** Every page of a collection, following {@code @odata.nextLink}. */
	public Listing forEachPage(GraphCredentials credentials, String path, PageHandler handler) {
		return forEachPage(credentials, url(path), handler);
	}

	/**
	 * Every page from a link Graph gave earlier (a delta link), which must point at the
	 * configured Graph.
	 */
	public Listing forEachPageFrom(GraphCredentials credentials, String link, PageHandler handler) {
		return forEachPage(credentials, followable(link), handler);
	}

	private Listing forEachPage(GraphCredentials credentials, URI first, PageHandler handler) {
		URI next = first;
		long items = 0;
		String deltaLink = null;
		while (next != null) {
			JsonNode page = send(credentials, "GET", next, null);
			JsonNode values = page.path("value");
			if (!values.isArray()) {
				// Never take a malformed page for the last one: what follows would look
				// deleted.
				throw new GraphException(0, null,
						"Microsoft Graph answered a page of " + next.getPath() + " without a 'value' list");
			}
			items += values.size();
			handler.page(values);
			String link = page.path("@odata.nextLink").asText(null);
			next = (link != null) ? followable(link) : null;
			deltaLink = page.path("@odata.deltaLink").asText(null);
		}
		return new Listing(items, deltaLink);
	}

	/** A JSON batch ({@code POST /$batch}) of up to 20 requests. */
	public JsonNode batch(GraphCredentials credentials, JsonNode requests) {
		return send(credentials, "POST", url("/$batch"),
				MAPPER.createObjectNode().set("requests", requests).toString());
	}

	private URI url(String path) {
		return URI.create(this.properties.graphBase() + path);
	}

	/**
	 * A nextLink is followed only to the configured Graph host: the token must never go
	 * elsewhere.
	 */
	private URI followable(String link) {
		if (!link.startsWith(this.properties.graphBase() + "/")) {
			throw new GraphException(0, null, "Graph answered with a next page outside " + this.properties.graphBase()
					+ "; refusing to send the token there");
		}
		return URI.create(link);
	}

	private JsonNode send(GraphCredentials credentials, String method, URI uri, String body) {
		boolean renewed = false;
		int attempt = 1;
		while (true) {
			String token = this.tokens.token(credentials, renewed);
			HttpRequest.Builder request = HttpRequest.newBuilder(uri)
				.timeout(this.properties.requestTimeout())
				.header("Authorization", "Bearer " + token)
				.header("Accept", "application/json")
				// transitive members filtered by type are an advanced query
				.header("ConsistencyLevel", "eventual")
				// delta queries take no $top; this is how they are asked for large pages
				.header("Prefer", "odata.maxpagesize=" + this.properties.pageSize());
			if (body != null) {
				request.header("Content-Type", "application/json")
					.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
			}
			else {
				request.method(method, HttpRequest.BodyPublishers.noBody());
			}
			HttpResponse<byte[]> response;
			JsonNode json;
			try {
				// The whole answer, body included, within the request timeout: a body
				// that stalls half-way must not hold a run (and its account) forever.
				response = this.http.client()
					.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
					.get(this.properties.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
				json = parse(response.body());
				if (response.statusCode() >= 200 && response.statusCode() < 300 && json == null) {
					throw new IOException("Microsoft Graph answered HTTP " + response.statusCode()
							+ " with a body that is not JSON (cut off?)");
				}
			}
			catch (IOException | ExecutionException | TimeoutException ex) {
				Throwable cause = (ex instanceof ExecutionException && ex.getCause() != null) ? ex.getCause() : ex;
				String why = (ex instanceof TimeoutException)
						? "no complete answer within " + this.properties.requestTimeout().toSeconds() + " s"
						: describe(cause);
				if (attempt >= this.properties.maxAttempts()) {
					throw new GraphException(0, null, "Microsoft Graph (" + uri.getHost() + ") could not be read after "
							+ attempt + " attempts: " + why, cause);
				}
				pause(backoff(attempt), uri, "network error: " + why);
				attempt++;
				continue;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new GraphException(0, null, "Interrupted while waiting for Microsoft Graph", ex);
			}
			int status = response.statusCode();
			if (status >= 200 && status < 300) {
				return json;
			}
			json = (json != null) ? json : MissingNode.getInstance();
			String code = json.path("error").path("code").asText(null);
			String message = json.path("error").path("message").asText("HTTP " + status);
			if (status == 401 && !renewed) {
				renewed = true;
				continue;
			}
			if ((status == 429 || status == 503 || status == 504 || status == 502)
					&& attempt < this.properties.maxAttempts()) {
				Duration wait = retryAfter(response).orElse(backoff(attempt));
				if (wait.compareTo(this.properties.maxRetryWait()) > 0) {
					throw new GraphException(status, code, "Microsoft Graph asked to wait " + wait.toSeconds()
							+ " s (Retry-After), longer than provisioning.graph.max-retry-wait", null);
				}
				pause(wait, uri, "HTTP " + status + ((code != null) ? " " + code : ""));
				attempt++;
				continue;
			}
			throw new GraphException(status, code, message);
		}
	}

	/**
	 * The JSON of a body, or null when it is empty or not JSON (proxies answer errors in
	 * HTML).
	 */
	private static JsonNode parse(byte[] body) {
		if (body == null || body.length == 0) {
			return null;
		}
		try {
			return MAPPER.readTree(body);
		}
		catch (IOException ex) {
			return null;
		}
	}

	private static Optional<Duration> retryAfter(HttpResponse<?> response) {
		return response.headers().firstValue("Retry-After").flatMap((value) -> {
			try {
				return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
			}
			catch (NumberFormatException ex) {
				return Optional.empty();
			}
		});
	}

	private static Duration backoff(int attempt) {
		return Duration.ofMillis(Math.min(30_000L, 500L * (1L << Math.min(attempt, 10))));
	}

	private static void pause(Duration wait, URI uri, String why) {
		log.info("Microsoft Graph {} {}: retrying in {} ms", uri.getPath(), why, wait.toMillis());
		try {
			Thread.sleep(wait.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new GraphException(0, null, "Interrupted while waiting to retry Microsoft Graph", ex);
		}
	}

	static String describe(Throwable ex) {
		String name = ex.getClass().getSimpleName();
		return (ex.getMessage() != null) ? name + ": " + ex.getMessage() : name;
	}

}
