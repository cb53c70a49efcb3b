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
	 * Deepest nesting of parentheses ({@code not (…)} included). The parser and the SQL
	 * translation recurse once per level; Entra nests none, people a handful.
	 */
	public static final int MAX_DEPTH = 32;

	/**
	 * Entra leniency: when the matching attribute is a work email, Entra filters with
	 * {@code emails[type eq "work"].value eq "…"}, which the RFC grammar lacks. It means
	 * {@code emails[type eq "work" and value eq "…"]}; rewritten only when the original
	 * fails to parse.
	 */
	private static final Pattern SUB_ATTRIBUTE_AFTER_VALUE_FILTER = Pattern.compile(
			"([A-Za-z][\\w:.$-]*)\\[([^\\[\\]]+)\\]\\.([A-Za-z$][\\w$]*)\\s+(eq|ne|co|sw|ew|gt|ge|lt|le)\\s+(\"(?:[^\"\\\\]|\\\\.)*\"|true|false|null|-?[\\d.]+)",
			Pattern.CASE_INSENSITIVE);

	private FilterReader() {
	}

	public static Filter read(String text) throws BadRequestException {
		if (text.length() > MAX_LENGTH) {
			throw BadRequestException
				.invalidFilter("The filter is " + text.length() + " characters long; the limit is " + MAX_LENGTH);
		}
		requireBalanced(text);
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
			throw BadRequestException
				.invalidFilter("Invalid filter '" + text + "': " + ParserMessage.of(original.getMessage()));
		}
	}

	/**
	 * The SDK's parser reports a missing ')' only as "Unexpected end of filter string"
	 * and accepts a value filter whose ']' is missing ({@code emails[type eq "work"}), so
	 * parentheses and brackets outside quoted values are counted here first, and an
	 * unbalanced one is named in the error. Nesting deeper than {@link #MAX_DEPTH} is
	 * refused here too, before the parser recurses into it.
	 */
	private static void requireBalanced(String text) throws BadRequestException {
		int parentheses = 0;
		int bracketOpenedAt = -1;
		boolean quoted = false;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (quoted) {
				if (c == '\\') {
					i++;
				}
				else if (c == '"') {
					quoted = false;
				}
				continue;
			}
			switch (c) {
				case '"' -> quoted = true;
				case '(' -> {
					if (++parentheses > MAX_DEPTH) {
						throw BadRequestException.invalidFilter("The filter nests parentheses more than " + MAX_DEPTH
								+ " deep (at position " + i + "); the limit is " + MAX_DEPTH + " levels");
					}
				}
				case ')' -> {
					if (--parentheses < 0) {
						throw unbalanced(text, "the closing parenthesis at position " + i + " has no opening one");
					}
				}
				case '[' -> {
					if (bracketOpenedAt >= 0) {
						throw unbalanced(text, "value filters cannot be nested (bracket at position " + i + ")");
					}
					bracketOpenedAt = i;
				}
				case ']' -> {
					if (bracketOpenedAt < 0) {
						throw unbalanced(text, "the closing bracket at position " + i + " has no opening one");
					}
					bracketOpenedAt = -1;
				}
				default -> {
				}
			}
		}
		if (quoted) {
			throw unbalanced(text, "a quoted value is not closed");
		}
		if (bracketOpenedAt >= 0) {
			throw unbalanced(text, "the value filter opened by the bracket at position " + bracketOpenedAt
					+ " has no closing bracket ']'");
		}
		if (parentheses > 0) {
			throw unbalanced(text, parentheses + " opening parenthes" + ((parentheses > 1) ? "es have" : "is has")
					+ " no closing parenthesis ')'");
		}
	}

	private static BadRequestException unbalanced(String text, String problem) {
		return BadRequestException.invalidFilter("Invalid filter '" + text + "': " + problem);
	}

	static String rewriteEntraValuePath(String text) {
		Matcher matcher = SUB_ATTRIBUTE_AFTER_VALUE_FILTER.matcher(text);
		return matcher.replaceAll((match) -> Matcher.quoteReplacement(match.group(1) + "[(" + match.group(2) + ") and "
				+ match.group(3) + " " + match.group(4) + " " + match.group(5) + "]"));
	}

}
