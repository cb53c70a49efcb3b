package app.provisioning.account;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import app.provisioning.platform.RequestIds;
import app.provisioning.scim.errors.ScimErrorAttributes;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts authenticated SCIM requests as {@value #NAME} by resource, operation, outcome
 * and account. Every label has a bounded set of values: the operation and outcome come
 * from the method, path shape and status, never from ids, filters or arbitrary methods;
 * accounts are bounded by the number of customers. Sits in the SCIM security chain
 * because that is where the account is known, and the SCIM protocol package stays free of
 * metrics.
 */
class ScimOperationMetrics extends OncePerRequestFilter {

	static final String NAME = "scim.operations";

	private static final Set<String> KNOWN_METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

	private final MeterRegistry registry;

	private final ScimTraffic traffic;

	// Looking a counter up by name and tags in the registry builds and hashes its tags on
	// every request; its own key is four references. Bounded like the registry's series.
	private final Map<Series, Counter> counters = new ConcurrentHashMap<>();

	private record Series(UUID account, String resource, String operation, String outcome) {
	}

	ScimOperationMetrics(MeterRegistry registry, ScimTraffic traffic) {
		this.registry = registry;
		this.traffic = traffic;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (!(authentication instanceof ScimAuthentication scim)) {
			chain.doFilter(request, response);
			return;
		}
		Target target = target(request);
		String outcome = null;
		try {
			chain.doFilter(request, response);
			outcome = outcome(response.getStatus());
		}
		finally {
			counter(new Series(scim.caller().accountId(), target.resource(), target.operation(),
					(outcome != null) ? outcome : "error"))
				.increment();
			this.traffic.record(scim.caller().accountId(), (outcome != null) ? response.getStatus() : 500,
					(String) request.getAttribute(ScimErrorAttributes.SCIM_TYPE), RequestIds.current());
		}
	}

	private Counter counter(Series series) {
		return this.counters.computeIfAbsent(series,
				(key) -> Counter.builder(NAME)
					.description("SCIM requests of authenticated accounts, by resource, operation and outcome")
					.tag("resource", key.resource())
					.tag("operation", key.operation())
					.tag("outcome", key.outcome())
					.tag("account", key.account().toString())
					.register(this.registry));
	}

	/**
	 * What a request is aimed at, e.g. {@code PATCH /scim/v2/Users/{id}} is User, patch.
	 */
	record Target(String resource, String operation) {
	}

	static Target target(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		String[] segments = withoutScimPrefix(path).split("/", -1);
		String method = request.getMethod().toUpperCase(Locale.ROOT);
		String resource = switch (segments[0].toLowerCase(Locale.ROOT)) {
			case "users" -> "User";
			case "groups" -> "Group";
			default -> "other";
		};
		// Anything else (discovery, unknown paths, invented methods) shares one series.
		if (resource.equals("other") || !KNOWN_METHODS.contains(method) || segments.length > 2) {
			return new Target(resource, "other");
		}
		if (segments.length == 1 || segments[1].isEmpty()) {
			return new Target(resource, switch (method) {
				case "POST" -> "create";
				case "GET" -> "list";
				default -> "other";
			});
		}
		if (segments[1].equalsIgnoreCase(".search")) {
			return new Target(resource, method.equals("POST") ? "search" : "other");
		}
		return new Target(resource, switch (method) {
			case "GET" -> "get";
			case "PUT" -> "replace";
			case "PATCH" -> "patch";
			case "DELETE" -> "delete";
			default -> "other";
		});
	}

	private static String withoutScimPrefix(String path) {
		String prefix = "/scim/v2";
		if (!path.startsWith(prefix)) {
			return path;
		}
		String rest = path.substring(prefix.length());
		return rest.startsWith("/") ? rest.substring(1) : rest;
	}

	static String outcome(int status) {
		return switch (status) {
			case 200, 204 -> "ok";
			case 201 -> "created";
			case 304 -> "not_modified";
			case 400 -> "invalid";
			case 403 -> "forbidden";
			case 404 -> "not_found";
			case 405 -> "method_not_allowed";
			case 409 -> "conflict";
			case 412 -> "precondition_failed";
			case 413 -> "too_large";
			case 415 -> "unsupported_media_type";
			case 429 -> "rate_limited";
			case 503 -> "unavailable";
			default -> (status >= 500) ? "error" : (status >= 400) ? "client_error" : "ok";
		};
	}

}
