package app.provisioning.scim.patch;

import java.util.ArrayList;
import java.util.List;

/** Group membership edits from a PATCH, in request order; applied to membership rows. */
public final class MembershipChange {

	public enum Kind {

		ADD, REMOVE, REMOVE_ALL

	}

	public record Step(Kind kind, List<String> memberIds) {
	}

	private final List<Step> steps = new ArrayList<>();

	void add(List<String> ids) {
		this.steps.add(new Step(Kind.ADD, List.copyOf(ids)));
	}

	void remove(List<String> ids) {
		this.steps.add(new Step(Kind.REMOVE, List.copyOf(ids)));
	}

	void removeAll() {
		this.steps.add(new Step(Kind.REMOVE_ALL, List.of()));
	}

	public static MembershipChange replaceWith(List<String> ids) {
		MembershipChange change = new MembershipChange();
		change.removeAll();
		change.add(ids);
		return change;
	}

	public List<Step> steps() {
		return List.copyOf(this.steps);
	}

	public boolean isEmpty() {
		return this.steps.isEmpty();
	}

}
