package app.provisioning.platform;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A request refused for a reason its sender can act on, said in the domain's words: the
 * services throw it without knowing how it reaches anyone, and each web layer (the
 * administration API's problems, the pages' error page) answers it with its own status
 * code ({@link RefusalStatus}). The message is the detail shown to the sender.
 * <p>
 * An invalid request can be refused with every {@link Problem} found in it, so that a
 * sender who got several fields wrong learns all of them in one answer; the message then
 * sums them up. Any other refusal has one problem: its detail.
 */
public class Refusal extends RuntimeException {

	/** Why the request is refused. */
	public enum Kind {

		/** Something in the request is wrong; the problems name each thing. */
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

	private final List<Problem> problems;

	public Refusal(Kind kind, String detail) {
		this(kind, detail, List.of(Problem.of(detail)));
	}

	private Refusal(Kind kind, String detail, List<Problem> problems) {
		super(detail);
		this.kind = kind;
		this.problems = List.copyOf(problems);
	}

	public Kind kind() {
		return this.kind;
	}

	/** What is wrong, one entry per thing to fix; never empty. */
	public List<Problem> problems() {
		return this.problems;
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

	/**
	 * Every problem found; the detail is the one problem's, or "3 problems: …; …; …".
	 */
	public static Refusal invalid(List<Problem> problems) {
		String details = joined(problems);
		return new Refusal(Kind.INVALID, (problems.size() == 1) ? details : problems.size() + " problems: " + details,
				problems);
	}

	/** Every problem found; the detail is "{summary}: …; …". */
	public static Refusal invalid(String summary, List<Problem> problems) {
		return new Refusal(Kind.INVALID, summary + ": " + joined(problems), problems);
	}

	private static String joined(List<Problem> problems) {
		if (problems.isEmpty()) {
			throw new IllegalArgumentException("An invalid request has at least one problem");
		}
		return problems.stream().map(Problem::detail).collect(Collectors.joining("; "));
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
