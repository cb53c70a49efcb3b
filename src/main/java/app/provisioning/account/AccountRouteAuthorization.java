package app.provisioning.account;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.web.util.UriUtils;

/** Applies {@link AccountRoutes} to the requests of the administration API or pages. */
final class AccountRouteAuthorization implements AuthorizationManager<RequestAuthorizationContext> {

	/**
	 * The rules of one surface: the method, the path below its prefix, and the caller.
	 */
	interface Rules {

		AccountRoutes.Verdict verdict(String method, String path, AccountAccess access);

	}

	/** A refusal that carries what the caller is told. */
	static final class Refusal extends AuthorizationDecision {

		private final AccountRoutes.Verdict verdict;

		Refusal(AccountRoutes.Verdict verdict) {
			super(false);
			this.verdict = verdict;
		}

		AccountRoutes.Verdict verdict() {
			return this.verdict;
		}

	}

	private final String prefix;

	private final Rules rules;

	private AccountRouteAuthorization(String prefix, Rules rules) {
		this.prefix = prefix;
		this.rules = rules;
	}

	static AccountRouteAuthorization api() {
		return new AccountRouteAuthorization("/api", AccountRoutes::api);
	}

	static AccountRouteAuthorization console() {
		return new AccountRouteAuthorization("/admin", AccountRoutes::console);
	}

	@Override
	public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
			RequestAuthorizationContext context) {
		Authentication caller = authentication.get();
		if (caller == null || !caller.isAuthenticated() || !(caller.getPrincipal() instanceof AccountAccess access)) {
			return new AuthorizationDecision(false);
		}
		HttpServletRequest request = context.getRequest();
		String path;
		try {
			// Decided on the path as Spring MVC matches it: decoded, and without regard
			// to case (the SCIM endpoints want case-insensitive routes, and the setting
			// is global), so that /MEMBERS or /%6Dembers cannot reach a route under rules
			// meant for another.
			path = UriUtils
				.decode(request.getRequestURI().substring(request.getContextPath().length()), StandardCharsets.UTF_8)
				.toLowerCase(Locale.ROOT);
		}
		catch (IllegalArgumentException ex) {
			return new Refusal(new AccountRoutes.Verdict(HttpStatus.BAD_REQUEST, "The request path is not valid"));
		}
		if (!path.startsWith(this.prefix)) {
			return new AuthorizationDecision(false);
		}
		AccountRoutes.Verdict verdict = this.rules.verdict(request.getMethod(), path.substring(this.prefix.length()),
				access);
		return verdict.granted() ? new AuthorizationDecision(true) : new Refusal(verdict);
	}

}
