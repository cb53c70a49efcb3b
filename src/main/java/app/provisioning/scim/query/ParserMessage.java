package app.provisioning.scim.query;

import java.util.regex.Pattern;

/**
 * The SDK's filter and path parser reports bad values in Jackson's words, with advice
 * meant for a programmer ("enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow")
 * and the parser's location on further lines. A client needs only the first line, without
 * them.
 */
public final class ParserMessage {

	private static final Pattern PROGRAMMER_ADVICE = Pattern.compile(
			"[:;,]?\\s*(enable|disable) `[^`]*`( to allow)?|,? from `[^`]*`|\\s*\\(?(start marker )?at \\[Source:.*?\\]\\)?");

	private ParserMessage() {
	}

	public static String of(String message) {
		if (message == null || message.isBlank()) {
			return "unreadable";
		}
		int newline = message.indexOf('\n');
		String first = ((newline >= 0) ? message.substring(0, newline) : message).trim();
		return PROGRAMMER_ADVICE.matcher(first).replaceAll("").replace('`', '\'');
	}

}
