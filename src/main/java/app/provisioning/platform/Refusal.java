package app.provisioning.platform;

/**
 * A request refused for a reason its sender can act on, said in the domain's words: the
 * services throw it without knowing how it reaches anyone, and each web layer (the
 * administration API's problems, the pages' error page) answers it with its own status
 * code ({@link RefusalStatus}). The message is the detail shown to the sender.
 */
public class Refusal extends RuntimeException {

	/** Why the request is refused. */
	public enum Kind {

		/** Something in the request is wrong; the detail names it. */
		INVALID,

		/** What the request names does not exist (in the caller's account). */
		NOT_FOUND,

		/** The request contradicts the current state, or another change made at once. */
		CONFLICT,

		/** The caller may not do this, whoever it is signed in as. */
		FORBIDDEN,

		/** What the request asks for existed and is gone for good (a purged cursor). */
		GONE,

		/** A service we depend on (Microsoft Graph) failed; trying later may work. */
		UPSTREAM_FAILED

	}

	private final Kind kind;

	public Refusal(Kind kind, String detail) {
		super(detail);
		this.kind = kind;
	}

	public Kind kind() {
		return this.kind;
	}

	/** "{what} not found". */
	public static Refusal notFound(String what) {
		return new Refusal(Kind.NOT_FOUND, what + " not found");
	}

	public static Refusal notFoundBecause(String detail) {
		return new Refusal(Kind.NOT_FOUND, detail);
	}

	public static Refusal invalid(String detail) {
		return new Refusal(Kind.INVALID, detail);
	}

	public static Refusal conflict(String detail) {
		return new Refusal(Kind.CONFLICT, detail);
	}

	public static Refusal forbidden(String detail) {
		return new Refusal(Kind.FORBIDDEN, detail);
	}

	public static Refusal gone(String detail) {
		return new Refusal(Kind.GONE, detail);
	}

	public static Refusal upstreamFailed(String detail) {
		return new Refusal(Kind.UPSTREAM_FAILED, detail);
	}

}
