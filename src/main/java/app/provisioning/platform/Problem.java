package app.provisioning.platform;

/**
 * One thing wrong in a request, and how to fix it.
 *
 * @param pointer the member of the request at fault as a JSON Pointer (RFC 6901) into the
 * request as the administration API names it, such as {@code /url} or
 * {@code /fields/2/attribute}; null when no single member is at fault (a rule between
 * fields, a query parameter)
 * @param detail what is wrong and how to fix it, readable on its own (it names the field)
 */
public record Problem(String pointer, String detail) {

	public static Problem at(String pointer, String detail) {
		return new Problem(pointer, detail);
	}

	/** A problem that no single member of the request is to blame for. */
	public static Problem of(String detail) {
		return new Problem(null, detail);
	}

}
