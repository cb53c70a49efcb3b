package app.provisioning.account.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import app.provisioning.platform.DatabaseOutage;
import app.provisioning.platform.DatabaseOutageMetrics;
import app.provisioning.platform.ErrorPages;

import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.stereotype.Component;

/** 401 from the administration API, as an RFC 9457 problem. */
@Component
public class AdminProblemEntryPoint implements AuthenticationEntryPoint {

	private final DatabaseOutageMetrics outages;

	public AdminProblemEntryPoint(DatabaseOutageMetrics outages) {
		this.outages = outages;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		if (authException instanceof AuthenticationServiceException && DatabaseOutage.isCause(authException)) {
			// A refused Prometheus scrape is counted apart, so an alert on admin outages
			// is not raised by Prometheus itself.
			this.outages.answered(
					request.getRequestURI().startsWith(request.getContextPath() + "/actuator") ? "actuator" : "admin");
			ErrorPages.writeOutageProblem(response);
			return;
		}
		String detail = (request.getHeader("Authorization") == null)
				? "Send an admin key or an account API key as 'Authorization: Bearer <key>' (ADMIN_BOOTSTRAP_KEY for the first admin key)"
				: "Not a valid admin key or account API key (it may have expired or been revoked). SCIM tokens are neither";
		response.setHeader("WWW-Authenticate", "Bearer realm=\"admin\"");
		ErrorPages.writeProblem(response, HttpServletResponse.SC_UNAUTHORIZED, detail, null);
	}

}
