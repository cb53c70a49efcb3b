package app.provisioning.account;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 403 (or 404 for another account's routes) from the administration API, as an RFC 9457
 * problem.
 */
class AdminProblemAccessDenied implements AccessDeniedHandler {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
			throws IOException {
		AccountRoutes.Verdict verdict = new AccountRoutes.Verdict(HttpStatus.FORBIDDEN,
				"This credential may not do this");
		if (denied instanceof AuthorizationDeniedException refused
				&& refused.getAuthorizationResult() instanceof AccountRouteAuthorization.Refusal refusal) {
			verdict = refusal.verdict();
		}
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", verdict.status().getReasonPhrase());
		problem.put("status", verdict.status().value());
		problem.put("detail", verdict.detail());
		problem.put("instance", request.getRequestURI());
		response.setStatus(verdict.status().value());
		response.setContentType("application/problem+json");
		response.getWriter().write(JSON.writeValueAsString(problem));
	}

}
