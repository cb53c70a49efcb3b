package app.provisioning.scim.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import app.provisioning.scim.ScimMediaTypes;

import org.springframework.security.web.firewall.DefaultRequestRejectedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;

/**
 * Spring Security's firewall refuses paths such as {@code /Users/%2e%2e} or ones holding an
 * encoded NUL before any controller runs, and Boot would answer with its own error JSON. A
 * SCIM client gets a SCIM error that says why; other paths keep the default handling.
 */
@Component
class ScimRequestRejectedHandler implements RequestRejectedHandler {

	private final RequestRejectedHandler fallback = new DefaultRequestRejectedHandler();

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			RequestRejectedException rejected) throws IOException, ServletException {
		String path = request.getRequestURI();
		if (path == null || !path.regionMatches(true, 0, "/scim/", 0, 6)) {
			this.fallback.handle(request, response, rejected);
			return;
		}
		byte[] body = ScimErrorBody.of(400, "invalidValue",
				"The request path is not allowed: it holds an encoded '.', '/', '\\', '%' or control character"
						+ " (such as %2e%2e or %00); resource ids never contain these")
			.toString()
			.getBytes(StandardCharsets.UTF_8);
		response.setStatus(400);
		response.setContentType(ScimMediaTypes.SCIM_JSON_VALUE);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

}
