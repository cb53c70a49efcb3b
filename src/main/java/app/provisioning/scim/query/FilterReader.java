package app.provisioning.scim.query;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.filters.Filter;

/** Parses the {@code filter} parameter with the SDK's RFC 7644 §3.4.2.2 grammar. */
public final class FilterReader {

	/** Longer filters are not something Entra or an administrator writes. */
	public static final int MAX_LENGTH = 4096;

	/**
	 * Entra leniency: when the matching attribute is a work email, Entra filters with
	 * {@code emails[type eq "work"].value eq "…"}, which the RFC grammar lacks. It means
	 * {@code emails[type eq "work" and value eq "…"]}; rewritten only when the original fails to
	 * parse.
	 */
	private static final Pattern SUB_ATTRIBUTE_AFTER_VALUE_FILTER = Pattern.compile(
			"([A-Za-z][\\w:.$-]*)\\[([^\\[\\]]+)\\]\\.([A-Za-z$][\\w$]*)\\s+(eq|ne|co|sw|ew|gt|ge|lt|le)\\s+(\"(?:[^\"\\\\]|\\\\.)*\"|true|false|null|-?[\\d.]+)",
			Pattern.CASE_INSENSITIVE);

	private FilterReader() {
	}

	public static Filter read(String text) throws BadRequestException {
		if (text.length() > MAX_LENGTH) {
			throw BadRequestException.invalidFilter("The filter is " + text.length() + " characters long; the limit is "
					+ MAX_LENGTH);
		}
		try {
			return Filter.fromString(text);
		}
		catch (BadRequestException original) {
			String rewritten = rewriteEntraValuePath(text);
			if (!rewritten.equals(text)) {
				try {
					return Filter.fromString(rewritten);
				}
				catch (BadRequestException ignored) {
					// report the original problem below
				}
			}
			throw BadRequestException.invalidFilter("Invalid filter '" + text + "': " + original.getMessage());
		}
	}

	static String rewriteEntraValuePath(String text) {
		Matcher matcher = SUB_ATTRIBUTE_AFTER_VALUE_FILTER.matcher(text);
		return matcher.replaceAll((match) -> Matcher.quoteReplacement(match.group(1) + "[(" + match.group(2) + ") and "
				+ match.group(3) + " " + match.group(4) + " " + match.group(5) + "]"));
	}

}
