package app.provisioning.account;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import app.provisioning.platform.ErrorPages;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

/**
 * The administration pages' answer to a signed-in person who may not do what they asked:
 * 403 with the role it needs, or 404 for another account's pages, as for an account that
 * does not exist. Written without a template ({@link ErrorPages}): the refusal comes
 * before any controller runs.
 */
class ConsoleAccessDenied implements AccessDeniedHandler {

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
			throws IOException {
		AccountRoutes.Verdict verdict = new AccountRoutes.Verdict(HttpStatus.FORBIDDEN, "You may not do this.");
		if (denied instanceof CsrfException) {
			verdict = new AccountRoutes.Verdict(HttpStatus.FORBIDDEN, "This form was out of date (its security token"
					+ " did not match your session). Go back, reload the page and try again.");
		}
		else if (denied instanceof AuthorizationDeniedException refused
				&& refused.getAuthorizationResult() instanceof AccountRouteAuthorization.Refusal refusal) {
			verdict = refusal.verdict();
		}
		ErrorPages.writePage(response, verdict.status().value(), verdict.detail(), request.getContextPath());
	}

}
