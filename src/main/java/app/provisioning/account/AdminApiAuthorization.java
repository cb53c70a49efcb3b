package app.provisioning.account;

import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/** Applies {@link AdminApiRoutes} to the administration API's requests. */
class AdminApiAuthorization implements AuthorizationManager<RequestAuthorizationContext> {

	/** A refusal that carries what the caller is told. */
	static final class Refusal extends AuthorizationDecision {

		private final AdminApiRoutes.Verdict verdict;

		Refusal(AdminApiRoutes.Verdict verdict) {
			super(false);
			this.verdict = verdict;
		}

		AdminApiRoutes.Verdict verdict() {
			return this.verdict;
		}

	}

	@Override
	public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
			RequestAuthorizationContext context) {
		Authentication caller = authentication.get();
		if (caller == null || !caller.isAuthenticated() || !(caller.getPrincipal() instanceof AccountAccess access)) {
			return new AuthorizationDecision(false);
		}
		HttpServletRequest request = context.getRequest();
		String path = request.getRequestURI().substring(request.getContextPath().length());
		AdminApiRoutes.Verdict verdict = AdminApiRoutes.verdict(request.getMethod(),
				path.substring(AdminSecurityConfiguration.API_PREFIX.length()), access);
		return verdict.granted() ? new AuthorizationDecision(true) : new Refusal(verdict);
	}

}
