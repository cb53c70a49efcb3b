package app.provisioning.account;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import app.provisioning.platform.DatabaseOutage;
import app.provisioning.platform.DatabaseOutageMetrics;

/**
 * The administration pages' answer while the database cannot be reached: 503 with
 * Retry-After and a page that says to come back, instead of a 500 or a sign-in page that
 * calls a good key wrong. It is plain HTML written without a template, because the outage
 * may strike before any controller runs (while the session cookie is checked).
 */
public final class ConsoleOutagePage {

	public static final String MESSAGE = "The database cannot be reached; try again in a moment.";

	private ConsoleOutagePage() {
	}

	/** Writes the page and counts the answer as the pages' outage response. */
	public static void write(HttpServletRequest request, HttpServletResponse response, DatabaseOutageMetrics outages)
			throws IOException {
		outages.answered("pages");
		response.resetBuffer();
		DatabaseOutage.answer(response);
		response.setHeader("Cache-Control", "no-store");
		response.setContentType("text/html;charset=UTF-8");
		String css = request.getContextPath() + "/admin/assets/console.css";
		byte[] page = ("""
				<!DOCTYPE html>
				<html lang="en">
				<head>
				  <meta charset="utf-8">
				  <meta name="viewport" content="width=device-width, initial-scale=1">
				  <title>Temporarily unavailable · Entra provisioning</title>
				  <link rel="stylesheet" href="%s">
				</head>
				<body class="narrow">
				<main>
				  <h1>Temporarily unavailable</h1>
				  <p class="problem" role="alert" id="error">%s</p>
				  <p>Reload this page in %d seconds.</p>
				</main>
				</body>
				</html>
				""").formatted(css, MESSAGE, DatabaseOutage.RETRY_AFTER_SECONDS).getBytes(StandardCharsets.UTF_8);
		response.setContentLength(page.length);
		response.getOutputStream().write(page);
		response.flushBuffer();
	}

}
