package app.provisioning.mapping;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One mapping of an account: which records provisioned users become (People, or User
 * Configuration with login access), what identifies them, and which attribute fills which
 * field.
 */
public record FieldMap(UUID id, UUID accountId, String name, Target target, UniqueIdentifier uniqueIdentifier,
		String organisationalUnit, String userRole, List<FieldMapping> fields, Instant createdAt, Instant updatedAt) {

	public enum Target {

		PEOPLE, USER_CONFIGURATION

	}

}
