package app.provisioning.scim.web;

import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

/**
 * What a client is told about a body that is not JSON: Jackson's own words, where they help,
 * with the line and column, but without the parser's internals it appends (its source
 * description, the names of its settings).
 */
final class JsonSyntaxDetail {

	/** {@code (start marker at [Source: REDACTED (`StreamReadFeature…` disabled); line: 1, column: 5])} */
	private static final Pattern SOURCE = Pattern.compile("\\s*\\(?(start marker )?at \\[Source:.*?\\]\\)?");

	/** {@code , from `StreamReadConstraints.getMaxNumberLength()`} */
	private static final Pattern SETTING = Pattern.compile(",? from `[^`]*`");

	private JsonSyntaxDetail() {
	}

	static String of(JsonProcessingException ex, int maxNestingDepth) {
		String message = firstLine(ex.getOriginalMessage());
		if (ex instanceof StreamConstraintsException && message.contains("nesting depth")) {
			return "The request body nests JSON deeper than " + maxNestingDepth
					+ " levels; a SCIM resource or PatchOp needs no more than a few";
		}
		message = SETTING.matcher(SOURCE.matcher(message).replaceAll("")).replaceAll("");
		return "The request body is not valid JSON" + where(ex.getLocation()) + ": " + message;
	}

	private static String where(JsonLocation location) {
		if (location == null || location.getLineNr() < 1) {
			return "";
		}
		return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
	}

	private static String firstLine(String message) {
		if (message == null || message.isBlank()) {
			return "unreadable";
		}
		int newline = message.indexOf('\n');
		return ((newline >= 0) ? message.substring(0, newline) : message).trim();
	}

}
