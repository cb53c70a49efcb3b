package app.provisioning.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The problems found while checking one request. A check adds to it and goes on instead
 * of throwing at the first, so the sender learns everything to fix in one answer.
 */
public final class Problems {

	private final List<Problem> found = new ArrayList<>();

	public void add(String pointer, String detail) {
		this.found.add(Problem.at(pointer, detail));
	}

	/** A problem that no single member of the request is to blame for. */
	public void add(String detail) {
		this.found.add(Problem.of(detail));
	}

	/**
	 * Runs a check written to throw an invalid {@link Refusal}, keeping what it refuses
	 * (placed at {@code pointer} when it names no member itself) instead of stopping.
	 * @return what the check answers, or null when it refused
	 */
	public <T> T check(String pointer, Supplier<T> check) {
		try {
			return check.get();
		}
		catch (Refusal refusal) {
			if (refusal.kind() != Refusal.Kind.INVALID) {
				throw refusal;
			}
			for (Problem problem : refusal.problems()) {
				this.found.add((problem.pointer() != null) ? problem : Problem.at(pointer, problem.detail()));
			}
			return null;
		}
	}

	public boolean isEmpty() {
		return this.found.isEmpty();
	}

	/** Refuses the request with every problem found, if there is one. */
	public void refuseIfAny() {
		if (!this.found.isEmpty()) {
			throw Refusal.invalid(this.found);
		}
	}

	/**
	 * Refuses the request with every problem found, if there is one, the detail starting
	 * with {@code summary}.
	 */
	public void refuseIfAny(String summary) {
		if (!this.found.isEmpty()) {
			throw Refusal.invalid(summary, this.found);
		}
	}

}
