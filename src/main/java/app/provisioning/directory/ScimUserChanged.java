package app.provisioning.directory;

import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Published inside the transaction that changed a provisioned user, so that listeners
 * (the field maps) change their records in that same transaction: no half-applied state.
 */
public record ScimUserChanged(UUID accountId, UUID scimUserId, ObjectNode attributes, Change change) {

	public enum Change {

		CREATED, UPDATED, DELETED

	}

}
