package app.provisioning.scim.web;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

import app.provisioning.scim.query.ParserMessage;

/**
 * What a client is told about a body that is not JSON: Jackson's own words, where they
 * help, with the line and column, but without the parser's internals it appends (its
 * source description, the names of its settings).
 */
final class JsonSyntaxDetail {

	private JsonSyntaxDetail() {
	}

	static String of(JsonProcessingException ex, int maxNestingDepth) {
		String message = ParserMessage.of(ex.getOriginalMessage());
		if (ex instanceof StreamConstraintsException && message.contains("nesting depth")) {
			return "The request body nests JSON deeper than " + maxNestingDepth
					+ " levels; a SCIM resource or PatchOp needs no more than a few";
		}
		return "The request body is not valid JSON" + where(ex.getLocation()) + ": " + message;
	}

	private static String where(JsonLocation location) {
		if (location == null || location.getLineNr() < 1) {
			return "";
		}
		return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
	}

}
