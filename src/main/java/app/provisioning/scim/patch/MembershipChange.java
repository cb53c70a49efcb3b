package app.provisioning.scim.patch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;

/** Group membership edits from a PATCH, in request order; applied to membership rows. */
public final class MembershipChange {

	public enum Kind {

		ADD, REMOVE, REMOVE_ALL

	}

	/**
	 * Members as a request names them: their ids, and the {@code display} it sent with
	 * some of them (kept with the membership and returned as sent).
	 */
	public record Named(List<String> ids, Map<String, String> displays) {

		public Named {
			ids = List.copyOf(ids);
			displays = Map.copyOf(displays);
		}

		public static Named ids(List<String> ids) {
			return new Named(ids, Map.of());
		}

	}

	/** One edit; {@code members} has no displays but for an Add. */
	public record Step(Kind kind, Named members) {

		public List<String> memberIds() {
			return this.members.ids();
		}

	}

	private final List<Step> steps = new ArrayList<>();

	void add(Named members) {
		this.steps.add(new Step(Kind.ADD, members));
	}

	void remove(List<String> ids) {
		this.steps.add(new Step(Kind.REMOVE, Named.ids(ids)));
	}

	void removeAll() {
		this.steps.add(new Step(Kind.REMOVE_ALL, Named.ids(List.of())));
	}

	public static MembershipChange replaceWith(Named members) {
		MembershipChange change = new MembershipChange();
		change.removeAll();
		change.add(members);
		return change;
	}

	/**
	 * The members of a normalized {@code members} value; every member needs its id in
	 * {@code value}. A {@code display} that is not text, or blank, is not kept.
	 */
	public static Named members(JsonNode members) throws BadRequestException {
		List<String> ids = new ArrayList<>();
		Map<String, String> displays = new LinkedHashMap<>();
		if (members == null) {
			return Named.ids(ids);
		}
		for (JsonNode member : members) {
			JsonNode id = member.get("value");
			if (id == null || !id.isTextual() || id.textValue().isBlank()) {
				throw BadRequestException
					.invalidValue("Every member needs a 'value' holding the member's id; got " + member);
			}
			String memberId = id.textValue().trim();
			ids.add(memberId);
			JsonNode display = member.get("display");
			if (display != null && display.isTextual() && !display.textValue().isBlank()) {
				displays.put(memberId, display.textValue().trim());
			}
		}
		return new Named(ids, displays);
	}

	public List<Step> steps() {
		return List.copyOf(this.steps);
	}

	/**
	 * The members added when every step is an Add (Entra's membership PATCH), else empty.
	 */
	public Optional<Named> onlyAdds() {
		List<String> ids = new ArrayList<>();
		Map<String, String> displays = new LinkedHashMap<>();
		for (Step step : this.steps) {
			if (step.kind() != Kind.ADD) {
				return Optional.empty();
			}
			ids.addAll(step.memberIds());
			displays.putAll(step.members().displays());
		}
		return this.steps.isEmpty() ? Optional.empty() : Optional.of(new Named(ids, displays));
	}

	public boolean isEmpty() {
		return this.steps.isEmpty();
	}

}
