package app.provisioning.scim.errors;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.utils.JsonUtils;

import app.provisioning.platform.DatabaseOutage;
import app.provisioning.platform.DatabaseOutageMetrics;
import app.provisioning.scim.ScimMediaTypes;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.stereotype.Component;

/**
 * 401 and 403 from the security layer in SCIM form. Entra reads a 401 as "invalid
 * credentials"; Microsoft's validator aborts on anything but application/scim+json.
 */
@Component
public class ScimAuthenticationEntryPoint implements AuthenticationEntryPoint {

	private final ObjectMapper mapper = JsonUtils.createObjectMapper();

	private final DatabaseOutageMetrics outages;

	public ScimAuthenticationEntryPoint(DatabaseOutageMetrics outages) {
		this.outages = outages;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		if (authException instanceof AuthenticationServiceException && DatabaseOutage.isCause(authException)) {
			this.outages.answered("scim");
			DatabaseOutage.answer(response);
			write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
					ScimErrorBody.of(503, null, DatabaseOutage.detail("directory store")));
			return;
		}
		String header = request.getHeader("Authorization");
		String detail;
		if (header == null || header.isBlank()) {
			detail = "Authentication required: send the account's SCIM secret token as 'Authorization: Bearer <token>'";
		}
		else if (authException instanceof BadCredentialsException
				|| authException instanceof InvalidBearerTokenException) {
			// Our own messages (expired, revoked, unknown tenant, JWT claim checks): safe
			// and actionable.
			detail = authException.getMessage();
		}
		else {
			detail = "The bearer token is not valid for this server (unknown, revoked or mistyped)";
		}
		response.setHeader("WWW-Authenticate", "Bearer realm=\"scim\", error=\"invalid_token\"");
		write(response, HttpServletResponse.SC_UNAUTHORIZED, ScimErrorBody.of(401, null, detail));
	}

	public void accessDenied(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
			throws IOException {
		write(response, HttpServletResponse.SC_FORBIDDEN, ScimErrorBody.of(403, null,
				"This account is suspended: its data is kept, but provisioning is refused until an administrator"
						+ " reactivates it"));
	}

	/** 429 with Retry-After: Entra backs off instead of counting a failure. */
	public void tooManyRequests(HttpServletResponse response, long retryAfterSeconds, int limit) throws IOException {
		response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
		write(response, 429, ScimErrorBody.of(429, null, "More than " + limit
				+ " requests per second for this account; retry after " + retryAfterSeconds + " s"));
	}

	private void write(HttpServletResponse response, int status, ObjectNode body) throws IOException {
		response.setStatus(status);
		response.setContentType(ScimMediaTypes.SCIM_JSON_VALUE);
		this.mapper.writeValue(response.getOutputStream(), body);
	}

}
