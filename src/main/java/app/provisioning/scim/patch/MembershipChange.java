package app.provisioning.scim.patch;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;

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

	/**
	 * The member ids of a normalized {@code members} value; every member needs its id in
	 * {@code value}.
	 */
	public static List<String> memberIds(JsonNode members) throws BadRequestException {
		List<String> ids = new ArrayList<>();
		if (members == null) {
			return ids;
		}
		for (JsonNode member : members) {
			JsonNode id = member.get("value");
			if (id == null || !id.isTextual() || id.textValue().isBlank()) {
				throw BadRequestException
					.invalidValue("Every member needs a 'value' holding the member's id; got " + member);
			}
			ids.add(id.textValue().trim());
		}
		return ids;
	}

	public List<Step> steps() {
		return List.copyOf(this.steps);
	}

	/**
	 * The member ids when every step is an Add (Entra's membership PATCH), else empty.
	 */
	public Optional<List<String>> onlyAdds() {
		List<String> ids = new ArrayList<>();
		for (Step step : this.steps) {
			if (step.kind() != Kind.ADD) {
				return Optional.empty();
			}
			ids.addAll(step.memberIds());
		}
		return this.steps.isEmpty() ? Optional.empty() : Optional.of(ids);
	}

	public boolean isEmpty() {
		return this.steps.isEmpty();
	}

}
