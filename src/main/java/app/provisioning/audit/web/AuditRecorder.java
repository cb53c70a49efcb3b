package app.provisioning.audit.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.provisioning.audit.AuditSnapshot;
import app.provisioning.audit.AuditTrail;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Writes every change made through the administration API and pages to the audit trail
 * once it has succeeded: who (the credential's or person's name), from where, which route
 * and path, and the setting before and after where its feature shows it
 * ({@link AuditSnapshot}), else what was sent. Reads are not recorded, nor refused
 * requests (the log has those).
 */
@Component
class AuditRecorder implements HandlerInterceptor {

	static final String SENT = AuditRecorder.class.getName() + ".sent";

	private static final String PENDING = AuditRecorder.class.getName() + ".pending";

	private static final Logger log = LoggerFactory.getLogger(AuditRecorder.class);

	private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	/**
	 * Pages that take a form but change nothing, and sign-in, which is recorded where it
	 * happens.
	 */
	private static final Set<String> NOT_CHANGES = Set.of("/admin/accounts/{accountId}/timeline", "/admin/login",
			"/admin/logout", "/admin/logout-everywhere");

	private static final Pattern CREATED_ACCOUNT = Pattern.compile("/(?:api|admin)/accounts/([0-9a-fA-F-]{36})");

	private final AuditTrail trail;

	private final Map<String, AuditSnapshot> snapshots = new LinkedHashMap<>();

	AuditRecorder(AuditTrail trail, List<AuditSnapshot> snapshots) {
		this.trail = trail;
		for (AuditSnapshot snapshot : snapshots) {
			snapshot.routes().forEach((route) -> this.snapshots.put(route, snapshot));
		}
	}

	private record Pending(String route, UUID accountId, Map<String, String> variables, Object before) {
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		// A page that forwards to another is one action: only the request itself is
		// recorded.
		if (request.getDispatcherType() != DispatcherType.REQUEST || !(handler instanceof HandlerMethod)
				|| READS.contains(request.getMethod())) {
			return true;
		}
		String route = (String) request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		if (route == null || NOT_CHANGES.contains(route)) {
			return true;
		}
		Map<String, String> variables = variables(request);
		UUID accountId = accountId(route, variables);
		request.setAttribute(PENDING, new Pending(route, accountId, variables, snapshot(route, accountId, variables)));
		return true;
	}

	@Override
	public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
			Exception failure) {
		if (request.getDispatcherType() != DispatcherType.REQUEST
				|| !(request.getAttribute(PENDING) instanceof Pending pending) || failure != null
				|| response.getStatus() >= 400) {
			return;
		}
		try {
			UUID accountId = (pending.accountId() != null) ? pending.accountId()
					: createdAccount(response.getHeader("Location"));
			Object after = request.getMethod().equals("DELETE") ? null
					: snapshot(pending.route(), accountId, pending.variables());
			if (after == null && !request.getMethod().equals("DELETE")) {
				after = sent(request);
			}
			Authentication caller = SecurityContextHolder.getContext().getAuthentication();
			this.trail.record(accountId,
					new AuditTrail.Actor((caller != null) ? caller.getName() : "unknown", request.getRemoteAddr(),
							request.getHeader("User-Agent")),
					request.getMethod() + " " + pending.route(), request.getRequestURI(), response.getStatus(),
					pending.before(), after);
		}
		catch (RuntimeException ex) {
			// The change has been made and answered; a trail that cannot be written must
			// be seen.
			log.error("Audit trail: could not record {} {}", request.getMethod(), request.getRequestURI(), ex);
		}
	}

	private Object snapshot(String route, UUID accountId, Map<String, String> variables) {
		AuditSnapshot snapshot = this.snapshots.get(route);
		if (snapshot == null || accountId == null) {
			return null;
		}
		try {
			return snapshot.snapshot(accountId, variables).orElse(null);
		}
		catch (RuntimeException ex) {
			// Not there (a 404 to come), or not readable: the action is still recorded.
			return null;
		}
	}

	/**
	 * What the caller sent: the JSON body, or the form's fields without its CSRF token.
	 */
	private static Object sent(HttpServletRequest request) {
		Object body = request.getAttribute(SENT);
		if (body != null) {
			return body;
		}
		Map<String, Object> form = new LinkedHashMap<>();
		request.getParameterMap().forEach((name, values) -> {
			if (!name.equals("_csrf")) {
				form.put(name, (values.length == 1) ? values[0] : List.of(values));
			}
		});
		return form.isEmpty() ? null : form;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> variables(HttpServletRequest request) {
		Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
		return (variables instanceof Map<?, ?> map) ? (Map<String, String>) map : Map.of();
	}

	/**
	 * The account a route acts in: {accountId}, or {id} of the account routes themselves.
	 */
	private static UUID accountId(String route, Map<String, String> variables) {
		return Optional.ofNullable(variables.get("accountId"))
			.or(() -> route.startsWith("/api/accounts/{id}") ? Optional.ofNullable(variables.get("id"))
					: Optional.empty())
			.flatMap(AuditRecorder::uuid)
			.orElse(null);
	}

	private static UUID createdAccount(String location) {
		if (location == null) {
			return null;
		}
		Matcher matcher = CREATED_ACCOUNT.matcher(location);
		return matcher.find() ? uuid(matcher.group(1)).orElse(null) : null;
	}

	private static Optional<UUID> uuid(String value) {
		try {
			return Optional.of(UUID.fromString(value));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}
