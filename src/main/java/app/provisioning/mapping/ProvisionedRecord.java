package app.provisioning.mapping;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * A People record or login user as the asset application reads it.
 *
 * @param type {@code person} or {@code login_user}
 * @param fields the mapped values, without the manager field (the manager is
 * {@code manager})
 * @param manager the manager's own record in the same account, or null
 * @param managerPending true when the user has a manager whose record has not arrived yet
 * @param permissionLevel login users only
 * @param source {@code push} (SCIM) or {@code pull} (a Graph group import)
 * @param version grows with every change a reader can see; the change feed carries it too
 * @param deactivationHeld true while the deactivation brake holds a deactivation of this
 * record for an administrator (the record is still active)
 */
public record ProvisionedRecord(UUID id, String type, Reference fieldMap, String uniqueIdentifier,
		@JsonRawValue String fields, Link manager, @JsonInclude(JsonInclude.Include.NON_NULL) Boolean managerPending,
		String status, String integrationStatus, String integrationReason,
		@JsonInclude(JsonInclude.Include.NON_NULL) Reference permissionLevel, String source, String entraObjectId,
		UUID scimUserId, Instant createdAt, Instant updatedAt, long version, boolean deactivationHeld, Links links) {

	public record Reference(UUID id, String name) {
	}

	public record Link(UUID id, String href) {
	}

	/** {@code timeline} is the sync log of this record. */
	public record Links(String self, String timeline) {
	}

}
