package app.provisioning.support;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request below {@code /v1.0}, parsed once: whether it came over HTTP or inside a
 * {@code $batch}, it is answered by the same code.
 */
final class FakeGraphRequest {

	static final int MAX_TOP = 999;

	private final String method;

	private final String base;

	private final String rawPath;

	private final List<String> segments;

	private final List<String> rawQuery;

	private final Map<String, String> params;

	private final Map<String, String> headers;

	private final String body;

	private FakeGraphRequest(String method, String base, String rawPath, String rawQuery, Map<String, String> headers,
			String body) {
		this.method = method.toUpperCase(Locale.ROOT);
		this.base = base;
		this.rawPath = rawPath;
		this.segments = new ArrayList<>();
		for (String segment : rawPath.split("/")) {
			if (!segment.isEmpty()) {
				this.segments.add(decode(segment, false));
			}
		}
		this.rawQuery = new ArrayList<>();
		this.params = new LinkedHashMap<>();
		if (rawQuery != null && !rawQuery.isEmpty()) {
			for (String part : rawQuery.split("&")) {
				if (part.isEmpty()) {
					continue;
				}
				this.rawQuery.add(part);
				int equals = part.indexOf('=');
				String name = decode((equals < 0) ? part : part.substring(0, equals), true);
				String value = (equals < 0) ? "" : decode(part.substring(equals + 1), true);
				// OData system query options are case-insensitive ($TOP works as well as
				// $top)
				this.params.put(name.toLowerCase(Locale.ROOT), value);
			}
		}
		this.headers = new LinkedHashMap<>();
		headers.forEach((name, value) -> this.headers.put(name.toLowerCase(Locale.ROOT), value));
		this.body = body;
	}

	/**
	 * @param base scheme, host and port the client used (next links must point back
	 * there)
	 * @param url path below {@code /v1.0} with its query, as sent (encoded)
	 */
	static FakeGraphRequest of(String method, String base, String url, Map<String, String> headers, String body) {
		String relative = url.startsWith("/") ? url : "/" + url;
		int question = relative.indexOf('?');
		String path = (question < 0) ? relative : relative.substring(0, question);
		String query = (question < 0) ? null : relative.substring(question + 1);
		return new FakeGraphRequest(method, base, path, query, headers, body);
	}

	String method() {
		return this.method;
	}

	String base() {
		return this.base;
	}

	/** The decoded path below {@code /v1.0}, e.g. {@code /users/alice@contoso.com}. */
	String path() {
		return "/" + String.join("/", this.segments);
	}

	List<String> segments() {
		return this.segments;
	}

	String param(String name) {
		return this.params.get(name.toLowerCase(Locale.ROOT));
	}

	String header(String name) {
		return this.headers.get(name.toLowerCase(Locale.ROOT));
	}

	String body() {
		return this.body;
	}

	/**
	 * {@code $top}: Graph refuses page sizes outside 1..999 rather than clamping them.
	 */
	int top(int fallback) {
		String top = param("$top");
		if (top == null) {
			Integer preferred = preferredPageSize();
			return (preferred != null) ? preferred : fallback;
		}
		try {
			int value = Integer.parseInt(top.trim());
			if (value >= 1 && value <= MAX_TOP) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// falls through to the error below
		}
		throw FakeGraphResponse
			.badRequest("Invalid page size specified: '" + top + "'. Must be between 1 and " + MAX_TOP + " inclusive.")
			.fail();
	}

	boolean countRequested() {
		return "true".equalsIgnoreCase(param("$count"));
	}

	/**
	 * The position after which this page starts, from {@code $skiptoken}; null on the
	 * first page.
	 */
	Long after() {
		String token = param("$skiptoken");
		if (token == null) {
			return null;
		}
		try {
			String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
			if (decoded.startsWith("fake-graph:")) {
				return Long.parseLong(decoded.substring("fake-graph:".length()));
			}
		}
		catch (IllegalArgumentException ex) {
			// falls through to the error below
		}
		throw FakeGraphResponse
			.graphError(400, "Directory_ExpiredPageToken",
					"The specified page token value has expired and can no longer be included in your request.")
			.fail();
	}

	/**
	 * The next page's absolute address: the same query as sent plus an opaque
	 * {@code $skiptoken} holding the last position read, so paging needs no server-side
	 * state.
	 */
	String nextLink(long lastPosition) {
		String token = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(("fake-graph:" + lastPosition).getBytes(StandardCharsets.UTF_8));
		List<String> query = new ArrayList<>();
		for (String part : this.rawQuery) {
			if (!part.toLowerCase(Locale.ROOT).startsWith("$skiptoken=")
					&& !part.toLowerCase(Locale.ROOT).startsWith("%24skiptoken=")) {
				query.add(part);
			}
		}
		query.add("$skiptoken=" + token);
		return this.base + "/v1.0" + this.rawPath + "?" + String.join("&", query);
	}

	/**
	 * The {@code @odata.deltaLink} that ends a delta round: the same query (selection
	 * kept, paging dropped) with a {@code $deltatoken} to ask for what changed after this
	 * round.
	 */
	String deltaLink(long token) {
		List<String> query = new ArrayList<>();
		for (String part : this.rawQuery) {
			String lower = part.toLowerCase(Locale.ROOT);
			if (!lower.startsWith("$skiptoken=") && !lower.startsWith("%24skiptoken=")
					&& !lower.startsWith("$deltatoken=") && !lower.startsWith("%24deltatoken=")) {
				query.add(part);
			}
		}
		query.add("$deltatoken=" + token);
		return this.base + "/v1.0" + this.rawPath + "?" + String.join("&", query);
	}

	/**
	 * The page size a client asks for with {@code Prefer: odata.maxpagesize=N} (delta
	 * queries take no $top).
	 */
	Integer preferredPageSize() {
		String prefer = header("Prefer");
		if (prefer == null) {
			return null;
		}
		java.util.regex.Matcher size = java.util.regex.Pattern.compile("odata\\.maxpagesize=(\\d+)").matcher(prefer);
		return size.find() ? Math.min(MAX_TOP, Integer.parseInt(size.group(1))) : null;
	}

	/**
	 * {@code @odata.context} for a collection or entity set name, e.g.
	 * {@code users(id,mail)}.
	 */
	String context(String fragment) {
		return this.base + "/v1.0/$metadata#" + fragment;
	}

	private static String decode(String value, boolean query) {
		// '+' means a space only in a query; in a path it is a '+' (as in some UPNs)
		String text = query ? value : value.replace("+", "%2B");
		try {
			return URLDecoder.decode(text, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return value;
		}
	}

}
