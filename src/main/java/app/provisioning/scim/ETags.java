package app.provisioning.scim;

/** Weak ETags over the row version (RFC 7644 §3.14). */
public final class ETags {

	private ETags() {
	}

	public static String of(long version) {
		return "W/\"" + version + "\"";
	}

	/**
	 * Whether an If-Match / If-None-Match header value names this version ({@code *}
	 * matches all).
	 */
	public static boolean matches(String header, long version) {
		if (header == null) {
			return false;
		}
		for (String candidate : header.split(",")) {
			String tag = candidate.trim();
			if (tag.equals("*")) {
				return true;
			}
			if (tag.startsWith("W/")) {
				tag = tag.substring(2);
			}
			if (tag.equals("\"" + version + "\"")) {
				return true;
			}
		}
		return false;
	}

}
