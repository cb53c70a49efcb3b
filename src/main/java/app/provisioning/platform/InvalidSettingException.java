package app.provisioning.platform;

/**
 * A setting that stops the server from starting, with what to do about it. Printed as one
 * short report by {@link InvalidSettingFailureAnalyzer} instead of a stack trace.
 */
public class InvalidSettingException extends IllegalArgumentException {

	private final String action;

	public InvalidSettingException(String description, String action) {
		super(description);
		this.action = action;
	}

	/**
	 * A value outside its allowed range, named by its environment variable and property.
	 * @param property the Spring property, e.g. {@code provisioning.scim.max-page-size}
	 * @param value the value as configured
	 * @param rule what a valid value looks like, e.g. "must be at least 1"
	 */
	public static InvalidSettingException of(String property, Object value, String rule) {
		String variable = SettingNames.variableFor(property);
		return new InvalidSettingException(
				"Invalid setting " + variable + " (" + property + ") = " + value + ": " + rule + ".",
				"Correct " + variable + ", or unset it to use the default (docs/settings.md).");
	}

	public String action() {
		return this.action;
	}

}
