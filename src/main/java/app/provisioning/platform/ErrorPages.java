package app.provisioning.platform;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.web.util.HtmlUtils;

/**
 * The error answers of the administration surfaces for failures no controller of theirs
 * sees (a path no route maps, one the firewall or Tomcat refuses): an RFC 9457 problem
 * under {@code /api}, a page of the console's look under {@code /admin}. Never a
 * framework's own.
 */
public final class ErrorPages {

	private static final JsonMapper JSON = JsonMapper.builder()
		.addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class)
		.build();

	private ErrorPages() {
	}

	/**
	 * Whether a request path (without the context path) is one of the administration
	 * pages.
	 */
	public static boolean console(String path) {
		return path != null && (path.equals("/admin") || path.startsWith("/admin/"));
	}

	/** Whether a request path (without the context path) is the administration API. */
	public static boolean adminApi(String path) {
		return path != null && (path.equals("/api") || path.startsWith("/api/"));
	}

	public static String problem(int status, String detail) {
		return problem(status, detail, null);
	}

	/**
	 * An RFC 9457 problem; {@code instance} is the path it is about, when known. The same
	 * {@link ProblemDetail} the controllers answer with, written the way Spring MVC
	 * writes it, so that a problem has one shape wherever it is answered.
	 */
	public static String problem(int status, String detail, String instance) {
		ProblemDetail problem = ProblemDetail.forStatus(status);
		problem.setTitle(reason(status));
		problem.setDetail(detail);
		problem.setInstance(uri(instance));
		return JSON.writeValueAsString(problem);
	}

	/**
	 * A request path as a URI; one the firewall refused may not be a valid URI as sent,
	 * and is then quoted, or left out when even that fails.
	 */
	private static URI uri(String path) {
		if (path == null) {
			return null;
		}
		try {
			return URI.create(path);
		}
		catch (IllegalArgumentException ex) {
			try {
				return new URI(null, null, path, null);
			}
			catch (URISyntaxException unquotable) {
				return null;
			}
		}
	}

	/** Writes an RFC 9457 problem as the whole answer. */
	public static void writeProblem(HttpServletResponse response, int status, String detail, String instance)
			throws IOException {
		byte[] body = problem(status, detail, instance).getBytes(StandardCharsets.UTF_8);
		response.setStatus(status);
		response.setContentType("application/problem+json");
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	/**
	 * The administration API's answer while the database cannot be reached: 503 with
	 * Retry-After.
	 */
	public static void writeOutageProblem(HttpServletResponse response) throws IOException {
		DatabaseOutage.answer(response);
		writeProblem(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, DatabaseOutage.detail("database"), null);
	}

	public static String page(int status, String detail, String contextPath) {
		String title = (status == 404) ? "Not found" : (status == 403) ? "Not allowed" : reason(status);
		return """
				<!DOCTYPE html>
				<html lang="en">
				<head>
				  <meta charset="utf-8">
				  <meta name="viewport" content="width=device-width, initial-scale=1">
				  <title>%s · Entra provisioning</title>
				  <link rel="stylesheet" href="%s/admin/assets/console.css">
				</head>
				<body class="narrow">
				<main>
				  <h1>%s</h1>
				  <p class="problem" role="alert" id="error">%s</p>
				  <p><a href="%s/admin">Back to the accounts</a></p>
				</main>
				</body>
				</html>
				""".formatted(title, contextPath, title, HtmlUtils.htmlEscape(detail), contextPath);
	}

	/** Writes a page of the console's look as the whole answer, never kept by a cache. */
	public static void writePage(HttpServletResponse response, int status, String detail, String contextPath)
			throws IOException {
		byte[] page = page(status, detail, contextPath).getBytes(StandardCharsets.UTF_8);
		response.resetBuffer();
		response.setStatus(status);
		response.setHeader("Cache-Control", "no-store");
		response.setContentType("text/html;charset=UTF-8");
		response.setContentLength(page.length);
		response.getOutputStream().write(page);
		response.flushBuffer();
	}

	private static String reason(int status) {
		HttpStatus known = HttpStatus.resolve(status);
		return (known != null) ? known.getReasonPhrase() : "Error";
	}

}
