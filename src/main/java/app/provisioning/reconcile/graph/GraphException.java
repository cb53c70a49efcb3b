package app.provisioning.reconcile.graph;

/**
 * A request to Microsoft that did not succeed, with what is known about why: the HTTP
 * status (0 when no answer came), Graph's or the identity platform's error code, and its
 * message.
 */
public class GraphException extends RuntimeException {

	private final int status;

	private final String code;

	public GraphException(int status, String code, String message, Throwable cause) {
		super(message, cause);
		this.status = status;
		this.code = code;
	}

	public GraphException(int status, String code, String message) {
		this(status, code, message, null);
	}

	/** 0 when Microsoft could not be reached or did not answer in time. */
	public int status() {
		return this.status;
	}

	/**
	 * Graph's {@code error.code} (e.g. {@code Authorization_RequestDenied}), or an AADSTS
	 * number, or null.
	 */
	public String code() {
		return this.code;
	}

	public boolean unreachable() {
		return this.status == 0;
	}

}
