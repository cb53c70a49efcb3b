package app.provisioning.scim.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

import app.provisioning.platform.ErrorPages;
import app.provisioning.scim.ScimMediaTypes;
import app.provisioning.scim.errors.ScimErrorBody;

/**
 * Tomcat refuses some requests before any servlet sees them, such as an id holding an
 * encoded backslash, slash or NUL ({@code /Users/%5C}). Its own error page is HTML; under
 * {@code /scim/} this writes a SCIM error body instead, under {@code /api} a problem and
 * under {@code /admin} the console's page ({@link ErrorPages}). Other paths keep Tomcat's
 * page, without server details, as Boot configures it. (A request line beyond the 64 KB
 * header limit is refused before its path is even read, and keeps Tomcat's page.)
 */
public class ScimErrorReportValve extends ErrorReportValve {

	public ScimErrorReportValve() {
		setShowReport(false);
		setShowServerInfo(false);
	}

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		String path = request.getRequestURI();
		boolean api = ErrorPages.adminApi(path);
		boolean console = ErrorPages.console(path);
		if (!isScimPath(request) && !api && !console) {
			super.report(request, response, throwable);
			return;
		}
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0) {
			return;
		}
		AtomicBoolean writable = new AtomicBoolean();
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, writable);
		if (!writable.get()) {
			return;
		}
		try {
			response.setContentType(api ? "application/problem+json"
					: console ? "text/html;charset=UTF-8" : ScimMediaTypes.SCIM_JSON_VALUE);
			Writer writer = response.getReporter();
			if (writer != null) {
				String detail = (api || console) ? adminDetail(status) : detail(status);
				writer.write(api ? ErrorPages.problem(status, detail) : console ? ErrorPages.page(status, detail, "")
						: ScimErrorBody.of(status, (status == 400) ? "invalidValue" : null, detail).toString());
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client is gone or the answer was already sent: nothing more can be told
		}
	}

	private static String detail(int status) {
		return switch (status) {
			case 400 -> "The request path is not allowed: it holds an encoded backslash, slash or control"
					+ " character (such as %5C, %2F or %00), which resource ids never contain";
			default -> "The request was refused before it reached the SCIM API (HTTP " + status + ")";
		};
	}

	private static String adminDetail(int status) {
		return (status == 400)
				? "The address is not allowed: it holds an encoded backslash, slash or control character"
						+ " (such as %5C, %2F or %00); check the ids in it"
				: "The request was refused before it reached the server (HTTP " + status + ")";
	}

	private static boolean isScimPath(Request request) {
		String uri = request.getRequestURI();
		return uri != null && uri.regionMatches(true, 0, "/scim/", 0, 6);
	}

}
