package app.provisioning.account;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.web.util.HtmlUtils;

/**
 * The administration pages' answer to a signed-in person who may not do what they asked:
 * 403 with the role it needs, or 404 for another account's pages, as for an account that
 * does not exist. Plain HTML written without a template: the refusal comes before any
 * controller runs.
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
		String title = (verdict.status() == HttpStatus.NOT_FOUND) ? "Not found" : "Not allowed";
		String context = request.getContextPath();
		byte[] page = ("""
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
				  <p><a href="%s/admin">Back to your accounts</a></p>
				</main>
				</body>
				</html>
				""").formatted(title, context, title, HtmlUtils.htmlEscape(verdict.detail()), context)
			.getBytes(StandardCharsets.UTF_8);
		response.resetBuffer();
		response.setStatus(verdict.status().value());
		response.setHeader("Cache-Control", "no-store");
		response.setContentType("text/html;charset=UTF-8");
		response.setContentLength(page.length);
		response.getOutputStream().write(page);
		response.flushBuffer();
	}

}
