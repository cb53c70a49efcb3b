package app.provisioning.account;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import app.provisioning.platform.ErrorPages;
import app.provisioning.scim.errors.ScimRejectedPath;

import org.springframework.security.web.firewall.DefaultRequestRejectedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;

/**
 * Answers a request whose path Spring Security's firewall refuses (an empty segment such
 * as {@code /api/accounts//sync-log}, an encoded slash, dot segment or control character)
 * in the language of the surface it was sent to: a SCIM error, an RFC 9457 problem, or a
 * page. Without this, Boot answers 500 with its own error JSON.
 */
@Component
class RejectedRequests implements RequestRejectedHandler {

	static final String DETAIL = "The request path is not allowed: it holds an empty segment (//), an encoded '.', '/',"
			+ " '\\', '%' or a control character; check the ids in it";

	private final RequestRejectedHandler fallback = new DefaultRequestRejectedHandler();

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
			throws IOException, ServletException {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (path.regionMatches(true, 0, "/scim/", 0, 6)) {
			ScimRejectedPath.write(response);
		}
		else if (ErrorPages.adminApi(path)) {
			ErrorPages.writeProblem(response, HttpServletResponse.SC_BAD_REQUEST, DETAIL, null);
		}
		else if (ErrorPages.console(path)) {
			ErrorPages.writePage(response, HttpServletResponse.SC_BAD_REQUEST, DETAIL, request.getContextPath());
		}
		else {
			this.fallback.handle(request, response, rejected);
		}
	}

}
