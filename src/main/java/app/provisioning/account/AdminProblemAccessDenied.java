package app.provisioning.account;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import app.provisioning.platform.ErrorPages;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 403 (or 404 for another account's routes) from the administration API, as an RFC 9457
 * problem.
 */
class AdminProblemAccessDenied implements AccessDeniedHandler {

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
			throws IOException {
		AccountRoutes.Verdict verdict = new AccountRoutes.Verdict(HttpStatus.FORBIDDEN,
				"This credential may not do this");
		if (denied instanceof AuthorizationDeniedException refused
				&& refused.getAuthorizationResult() instanceof AccountRouteAuthorization.Refusal refusal) {
			verdict = refusal.verdict();
		}
		ErrorPages.writeProblem(response, verdict.status().value(), verdict.detail(), request.getRequestURI());
	}

}
