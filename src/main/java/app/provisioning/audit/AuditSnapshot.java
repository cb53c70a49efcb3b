package app.provisioning.audit;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * How a feature shows one of its settings to the audit trail, so that a change to it is
 * recorded with the value before and after. Secrets must be left out (the trail also
 * removes fields whose names say they hold one).
 */
public interface AuditSnapshot {

	/**
	 * The route patterns, as mapped, of the changes to the setting this snapshot shows.
	 */
	Set<String> routes();

	/**
	 * The setting now, as JSON-ready values; empty when it does not exist.
	 * @param variables the route's path variables
	 */
	Optional<Object> snapshot(UUID accountId, Map<String, String> variables);

	/**
	 * The first of the named path variables that is there, as a UUID (the API and the
	 * pages name ids differently).
	 */
	static UUID id(Map<String, String> variables, String... names) {
		for (String name : names) {
			String value = variables.get(name);
			if (value != null) {
				return UUID.fromString(value);
			}
		}
		throw new IllegalArgumentException("None of " + String.join(", ", names) + " in " + variables);
	}

}
