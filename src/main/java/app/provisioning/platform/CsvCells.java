package app.provisioning.platform;

/**
 * One CSV cell (RFC 4180). Text that a spreadsheet would run as a formula (starting with
 * {@code = + - @}) is prefixed with an apostrophe: exports carry values Entra and people
 * sent.
 */
public final class CsvCells {

	private CsvCells() {
	}

	public static String cell(String value) {
		if (value == null) {
			return "";
		}
		String text = value;
		if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
			text = "'" + text;
		}
		if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
			return "\"" + text.replace("\"", "\"\"") + "\"";
		}
		return text;
	}

}
