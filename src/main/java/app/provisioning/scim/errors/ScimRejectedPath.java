package app.provisioning.scim.errors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

import app.provisioning.scim.ScimMediaTypes;

/**
 * The SCIM answer to a path Spring Security's firewall refused before any controller ran,
 * such as {@code /Users/%2e%2e} or one holding an encoded NUL: a SCIM error that says
 * why, instead of Boot's own error JSON.
 */
public final class ScimRejectedPath {

	private ScimRejectedPath() {
	}

	public static void write(HttpServletResponse response) throws IOException {
		byte[] body = ScimErrorBody
			.of(400, "invalidValue",
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
